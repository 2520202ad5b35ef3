'use client';
import { useState, useTransition } from 'react';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { Dialog } from '@/components/ui/dialog';
import { createSignInLink, setUserDisabled, setUserRoles } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import { AccessLinkBox, type IssuedLink } from './access-link';

type Row = { id: string; email: string; name: string; roles: Role[]; disabled: boolean; invited: boolean; lastSignIn: string | null };

export function UsersTable({ users, meId }: { users: Row[]; meId: string }) {
  const [pending, start] = useTransition();
  const toast = useToast();
  // Optimistic: the box shows the new roles at once and reverts if the server refuses.
  const [roles, setRoles] = useState<Record<string, Role[]>>({});
  const rolesOf = (u: Row) => roles[u.id] ?? u.roles;
  // The optimistic box alone does not say when the change holds; this does (and screen readers hear it).
  const [saveState, setSaveState] = useState<Record<string, 'saving' | 'saved' | undefined>>({});
  const [issued, setIssued] = useState<IssuedLink>();
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) toast(r.error ?? 'Failed', 'error');
    });

  const issueLink = (u: Row) =>
    start(async () => {
      const r = await createSignInLink({ userId: u.id });
      if (r.ok) setIssued({ email: u.email, purpose: r.data.purpose, path: r.data.path, expiresAt: r.data.expiresAt });
      else toast(r.error, 'error');
    });

  return (
    <>
      <Dialog open={!!issued} onClose={() => setIssued(undefined)} title={issued?.purpose === 'reset' ? 'Password reset link' : 'Invitation link'}>
        {issued ? (
          <AccessLinkBox link={issued} onDone={() => setIssued(undefined)} />
        ) : null}
      </Dialog>
      <Table label="Users" head={['Name', 'Email', 'Roles', 'Status', '']}>
        {users.map((u) => (
          <tr key={u.id} data-testid={`user-row.${u.email}`}>
            <Td><span className="whitespace-nowrap">{u.name}</span></Td>
            <Td>{u.email}</Td>
            <Td>
              <fieldset className="flex gap-3" disabled={pending}>
                <legend className="sr-only">Roles of {u.email}</legend>
                {ROLES.map((role) => (
                  <label key={role} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={rolesOf(u).includes(role)}
                      onChange={(e) => {
                        const before = rolesOf(u);
                        const next = e.target.checked ? [...before, role] : before.filter((r) => r !== role);
                        setRoles((m) => ({ ...m, [u.id]: next }));
                        setSaveState((m) => ({ ...m, [u.id]: 'saving' }));
                        start(async () => {
                          const r = await setUserRoles({ userId: u.id, roles: next });
                          setSaveState((m) => ({ ...m, [u.id]: r.ok ? 'saved' : undefined }));
                          if (!r.ok) {
                            setRoles((m) => ({ ...m, [u.id]: before }));
                            toast(r.error, 'error');
                          }
                        });
                      }}
                    />
                    {role}
                  </label>
                ))}
                <span role="status" className="text-xs text-slate-500" data-testid={`roles-state.${u.email}`}>
                  {saveState[u.id] === 'saving' ? 'Saving…' : saveState[u.id] === 'saved' ? 'Roles saved' : ''}
                </span>
              </fieldset>
            </Td>
            <Td>
              {u.disabled ? 'Disabled' : u.invited ? 'Invited' : 'Active'}
              <span className="block whitespace-nowrap text-xs text-slate-500">{u.lastSignIn ? `signed in ${u.lastSignIn}` : 'never signed in'}</span>
            </Td>
            <Td>
              {u.id === meId ? null : (
                <div className="flex justify-end gap-2">
                  {u.disabled ? null : (
                    <Button
                      variant="secondary"
                      className="whitespace-nowrap"
                      disabled={pending}
                      onClick={() => issueLink(u)}
                      aria-label={`${u.invited ? 'New invitation link' : 'Password reset link'} for ${u.email}`}
                    >
                      {u.invited ? 'New invitation' : 'Reset link'}
                    </Button>
                  )}
                  <Button variant="secondary" disabled={pending} onClick={() => run(() => setUserDisabled({ userId: u.id, disabled: !u.disabled }))}>
                    {u.disabled ? 'Enable' : 'Disable'} <span className="sr-only">{u.email}</span>
                  </Button>
                </div>
              )}
            </Td>
          </tr>
        ))}
      </Table>
    </>
  );
}
