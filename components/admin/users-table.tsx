'use client';
import { useTransition } from 'react';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { setUserDisabled, setUserRoles } from '@/lib/actions/users';
import { ROLES, type Role } from '@/lib/auth/roles';

type Row = { id: string; email: string; name: string; roles: Role[]; disabled: boolean };

export function UsersTable({ users, meId }: { users: Row[]; meId: string }) {
  const [pending, start] = useTransition();
  const toast = useToast();
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
                    checked={u.roles.includes(role)}
                    onChange={(e) => {
                      const roles = e.target.checked ? [...u.roles, role] : u.roles.filter((r) => r !== role);
                      run(() => setUserRoles({ userId: u.id, roles }));
                    }}
                  />
                  {role}
                </label>
              ))}
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
