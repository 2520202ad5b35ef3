'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { createUser } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';

export function CreateUserButton() {
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const toast = useToast();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New user</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New user">
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const roles = ROLES.filter((r) => f.get(`role-${r}`) === 'on') as Role[];
            start(async () => {
              const r = await createUser({ email: String(f.get('email')), name: String(f.get('name')), password: String(f.get('password')), roles });
              if (r.ok) {
                setOpen(false);
                setErrors({});
                setError(undefined);
                toast('User created');
              } else {
                setErrors(r.fieldErrors ?? {});
                setError(r.error);
              }
            });
          }}
        >
          <Input label="Name" name="name" error={errors.name?.[0]} />
          <Input label="Email" name="email" type="email" error={errors.email?.[0]} />
          <Input label="Starting password" name="password" type="password" autoComplete="new-password" error={errors.password?.[0]} />
          <fieldset className="flex gap-4 text-sm">
            <legend className="mb-1 font-medium text-slate-700">Roles</legend>
            {ROLES.map((r) => (
              <label key={r} className="flex items-center gap-1">
                <input type="checkbox" name={`role-${r}`} defaultChecked={r === 'analyst'} /> {r}
              </label>
            ))}
          </fieldset>
          {errors.roles ? <p className="text-sm text-red-600">{errors.roles[0]}</p> : null}
          {error && !Object.keys(errors).length ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create user'}</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
