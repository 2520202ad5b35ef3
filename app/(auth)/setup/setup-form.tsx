'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { createFirstAdmin } from '@/lib/actions/auth';

export function SetupForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        start(async () => {
          const r = await createFirstAdmin({ email: String(f.get('email')), name: String(f.get('name')), password: String(f.get('password')) });
          if (r && !r.ok) {
            setError(r.error);
            setFieldErrors(r.fieldErrors ?? {});
          }
        });
      }}
    >
      <Input label="Name" name="name" required error={fieldErrors.name?.[0]} />
      <Input label="Email" name="email" type="email" required error={fieldErrors.email?.[0]} />
      <Input label="Password" name="password" type="password" autoComplete="new-password" required error={fieldErrors.password?.[0]} />
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <Button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create admin account'}</Button>
    </form>
  );
}
