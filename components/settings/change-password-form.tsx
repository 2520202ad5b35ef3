'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NewPasswordFields, readNewPassword } from '@/components/auth/new-password-fields';
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
        const chosen = readNewPassword(f);
        if ('errors' in chosen) {
          setFieldErrors(chosen.errors);
          setError(undefined);
          return;
        }
        const { password } = chosen;
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
      <NewPasswordFields errors={fieldErrors} />
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Change password'}</Button>
    </form>
  );
}
