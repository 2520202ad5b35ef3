import 'server-only';
import type { Db } from '@/db/client';
import { settings, type Role } from '@/db/schema';
import { insertUser } from '@/db/queries/users';
import { insertExampleFlow, type SeedFlow } from '@/db/seed-flows';

/** The documented demo password of the seeded accounts (README). */
export const DEMO_PASSWORD = 'baton-demo';
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'admin@example.com', name: 'Ada Admin', roles: ['admin', 'analyst', 'reviewer'] },
  { email: 'analyst@example.com', name: 'Alan Analyst', roles: ['analyst'] },
  { email: 'reviewer@example.com', name: 'Rita Reviewer', roles: ['reviewer'] },
];

/** Seeds the demo accounts (idempotent), all with this hash of DEMO_PASSWORD (hashed by the caller). */
export async function seedDemoUsers(db: Db, passwordHash: string): Promise<void> {
  for (const u of DEMO_USERS) await insertUser(db, { ...u, passwordHash });
}

/**
 * Each example flow is seeded once per installation (a settings row claims it), so deleting
 * an example does not bring it back, and examples added in a later release still arrive.
 */
export async function seedExamplesOnce(db: Db, examples: readonly SeedFlow[]): Promise<void> {
  for (const example of examples) {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(settings)
        .values({ key: `example:${example.slug}`, value: new Date().toISOString() })
        .onConflictDoNothing()
        .returning();
      if (claimed.length > 0) await insertExampleFlow(tx, example);
    });
  }
}
