'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { changePassword } from '@/lib/actions/account';

export function ChangePasswordForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const password = String(f.get('password'));
        if (password !== String(f.get('repeat'))) {
          setFieldErrors({ repeat: ['The two passwords differ.'] });
          setError(undefined);
          return;
        }
        start(async () => {
          const r = await changePassword({ current: String(f.get('current')), password });
          if (r && !r.ok) {
            setError(r.fieldErrors ? undefined : r.error);
            setFieldErrors(r.fieldErrors ?? {});
          }
        });
      }}
    >
      <Input label="Current password" name="current" type="password" autoComplete="current-password" required error={fieldErrors.current?.[0]} />
      <Input label="New password" name="password" type="password" autoComplete="new-password" required error={fieldErrors.password?.[0]} />
      <Input label="Repeat the new password" name="repeat" type="password" autoComplete="new-password" required error={fieldErrors.repeat?.[0]} />
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Change password'}</Button>
    </form>
  );
}
