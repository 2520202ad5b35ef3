'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { signInWithPassword } from '@/lib/actions/auth';

export function SignInForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(async () => {
          const result = await signInWithPassword({ email: String(form.get('email')), password: String(form.get('password')) });
          if (result && !result.ok) {
            setError(result.error);
            setFieldErrors(result.fieldErrors ?? {});
          }
        });
      }}
    >
      <Input label="Email" name="email" type="email" autoComplete="username" required error={fieldErrors.email?.[0]} />
      <Input label="Password" name="password" type="password" autoComplete="current-password" required error={fieldErrors.password?.[0]} />
      {error && !Object.keys(fieldErrors).length ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <Button type="submit" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</Button>
    </form>
  );
}
