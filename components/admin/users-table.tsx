'use client';
import { useState, useTransition } from 'react';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { setUserDisabled, setUserRoles } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';

type Row = { id: string; email: string; name: string; roles: Role[]; disabled: boolean };

export function UsersTable({ users, meId }: { users: Row[]; meId: string }) {
  const [pending, start] = useTransition();
  const toast = useToast();
  // Optimistic: the box shows the new roles at once and reverts if the server refuses.
  const [roles, setRoles] = useState<Record<string, Role[]>>({});
  const rolesOf = (u: Row) => roles[u.id] ?? u.roles;
  // The optimistic box alone does not say when the change holds; this does (and screen readers hear it).
  const [saveState, setSaveState] = useState<Record<string, 'saving' | 'saved' | undefined>>({});
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) toast(r.error ?? 'Failed', 'error');
    });

  return (
    <Table label="Users" head={['Name', 'Email', 'Roles', 'Status', '']}>
      {users.map((u) => (
        <tr key={u.id} data-testid={`user-row.${u.email}`}>
          <Td>{u.name}</Td>
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
          <Td>{u.disabled ? 'Disabled' : 'Active'}</Td>
          <Td>
            {u.id === meId ? null : (
              <Button variant="secondary" disabled={pending} onClick={() => run(() => setUserDisabled({ userId: u.id, disabled: !u.disabled }))}>
                {u.disabled ? 'Enable' : 'Disable'} <span className="sr-only">{u.email}</span>
              </Button>
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
