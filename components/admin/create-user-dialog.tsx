'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { createUser, inviteUser } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import { AccessLinkBox, type IssuedLink } from './access-link';

type Mode = 'invite' | 'password';

/** New user: by default an invitation link with which they choose their password; or a starting password. */
export function CreateUserButton() {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<Mode>('invite');
  const [issued, setIssued] = useState<IssuedLink>();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const toast = useToast();
  const close = () => {
    setOpen(false);
    setIssued(undefined);
    setErrors({});
    setError(undefined);
  };
  const fail = (r: { error: string; fieldErrors?: Record<string, string[]> }) => {
    setErrors(r.fieldErrors ?? {});
    setError(r.error);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>New user</Button>
      <Dialog open={open} onClose={close} title={issued ? 'Invitation link' : 'New user'}>
        {issued ? (
          <AccessLinkBox link={issued} onDone={close} />
        ) : (
          <form
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              const roles = ROLES.filter((r) => f.get(`role-${r}`) === 'on') as Role[];
              const person = { email: String(f.get('email')), name: String(f.get('name')), roles };
              start(async () => {
                if (mode === 'invite') {
                  const r = await inviteUser(person);
                  if (!r.ok) return fail(r);
                  setErrors({});
                  setError(undefined);
                  setIssued({ email: person.email.trim().toLowerCase(), purpose: 'invite', path: r.data.path, expiresAt: r.data.expiresAt });
                  return;
                }
                const r = await createUser({ ...person, password: String(f.get('password')) });
                if (!r.ok) return fail(r);
                close();
                toast('User created');
              });
            }}
          >
            <Input label="Name" name="name" error={errors.name?.[0]} />
            <Input label="Email" name="email" type="email" error={errors.email?.[0]} />
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1 font-medium text-slate-700">How they sign in the first time</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" checked={mode === 'invite'} onChange={() => setMode('invite')} /> An invitation link: they choose their password
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" checked={mode === 'password'} onChange={() => setMode('password')} /> I set a starting password now
              </label>
            </fieldset>
            {mode === 'password' ? <Input label="Starting password" name="password" type="password" autoComplete="new-password" error={errors.password?.[0]} /> : null}
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
              <Button type="button" variant="secondary" onClick={close}>Cancel</Button>
              <Button type="submit" disabled={pending}>
                {pending ? 'Creating…' : mode === 'invite' ? 'Create and get link' : 'Create user'}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
