import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertUser, updateUser } from '@/db/queries/users';
import { users } from '@/db/schema';
import { withAudit } from './with-audit';

let t: TestDb;
let admin: string;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = (await insertUser(t.db, { email: 'audit-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
});
afterAll(async () => {
  await t.drop();
});

const auditRows = () =>
  t.sql<{ actor_id: string | null; action: string; target: string; details: unknown }[]>`select actor_id, action, target, details from audit_log order by id`;
const rolesOf = async (id: string) => (await t.db.select({ roles: users.roles }).from(users).where(eq(users.id, id)))[0]?.roles;

describe('withAudit (the action helper’s change)', () => {
  it('writes the change and its typed audit entries together, by the actor', async () => {
    const u = (await insertUser(t.db, { email: 'audit-target@example.com', name: 'T', passwordHash: 'x', roles: ['reviewer'] }))!;
    await withAudit(t.db, admin, async (tx, audit) => {
      await updateUser(tx, u.id, { roles: ['analyst'] });
      audit({ action: 'user.roles', target: u.id, details: { roles: ['analyst'] } });
    });
    expect(await rolesOf(u.id)).toEqual(['analyst']);
    expect(await auditRows()).toEqual([{ actor_id: admin, action: 'user.roles', target: u.id, details: { roles: ['analyst'] } }]);
  });

  it('a change that fails after recording its entry leaves neither the change nor the entry', async () => {
    const u = (await insertUser(t.db, { email: 'audit-fail@example.com', name: 'F', passwordHash: 'x', roles: ['reviewer'] }))!;
    const before = (await auditRows()).length;
    await expect(
      withAudit(t.db, admin, async (tx, audit) => {
        await updateUser(tx, u.id, { roles: ['admin'] });
        audit({ action: 'user.roles', target: u.id, details: { roles: ['admin'] } });
        throw new Error('something later in the action failed');
      }),
    ).rejects.toThrow('something later');
    expect(await rolesOf(u.id)).toEqual(['reviewer']);
    expect(await auditRows()).toHaveLength(before);
  });

  it('an audit row that cannot be written rolls the change back', async () => {
    const u = (await insertUser(t.db, { email: 'audit-fk@example.com', name: 'K', passwordHash: 'x', roles: ['reviewer'] }))!;
    // An actor id that names no user: the audit insert violates its foreign key.
    await expect(
      withAudit(t.db, '00000000-0000-4000-8000-000000000000', async (tx, audit) => {
        await updateUser(tx, u.id, { roles: ['admin'] });
        audit({ action: 'user.roles', target: u.id, details: { roles: ['admin'] } });
      }),
    ).rejects.toThrow();
    expect(await rolesOf(u.id)).toEqual(['reviewer']);
  });
});
