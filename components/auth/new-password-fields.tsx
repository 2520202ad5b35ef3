'use client';
import { Input } from '@/components/ui/input';

/** "New password" and its repetition, for every form where someone chooses a password. */
export function NewPasswordFields({ errors }: { errors: Record<string, string[]> }) {
  return (
    <>
      <Input label="New password" name="password" type="password" autoComplete="new-password" required error={errors.password?.[0]} />
      <Input label="Repeat the new password" name="repeat" type="password" autoComplete="new-password" required error={errors.repeat?.[0]} />
    </>
  );
}

/** The chosen password, or the field error to show when the repetition differs. */
export function readNewPassword(form: FormData): { password: string } | { errors: Record<string, string[]> } {
  const password = String(form.get('password'));
  return password === String(form.get('repeat')) ? { password } : { errors: { repeat: ['The two passwords differ.'] } };
}
