import { getDb } from '@/db/client';
import { listUsers } from '@/db/queries/users';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { UsersTable } from '@/components/admin/users-table';
import { CreateUserButton } from '@/components/admin/create-user-dialog';

/** Formatted here, not in the browser, so server and client render the same text. */
const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export default async function UsersPage() {
  const me = await requirePageRole(SECTIONS.users.roles);
  const users = await listUsers(getDb());
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Users</h1>
        <CreateUserButton />
      </div>
      <UsersTable meId={me.id} users={users.map(({ id, email, name, roles, disabled, passwordHash, lastSignInAt }) => ({ id, email, name, roles, disabled, invited: passwordHash === null, lastSignIn: lastSignInAt ? utcMinute(lastSignInAt) : null }))} />
    </section>
  );
}
