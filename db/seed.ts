import 'server-only';
import type { Db } from '@/db/client';
import { settings, type Role } from '@/db/schema';
import { insertUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { exampleFlows, insertExampleFlow, type ExampleOptions } from '@/db/seed-flows';
import { DEMO_API_HOST } from '@/lib/server/demo-api';
import { defaultDemoApiPort } from '@/lib/server/config';

/** The demo API of a default `npm start` (PORT 3000): where the examples point unless told. */
const DEFAULT_EXAMPLES: ExampleOptions = { demoApiUrl: `http://${DEMO_API_HOST}:${defaultDemoApiPort(3000)}` };

/** The documented demo password of the seeded accounts (README). */
export const DEMO_PASSWORD = 'baton-demo';
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'admin@example.com', name: 'Ada Admin', roles: ['admin', 'analyst', 'reviewer'] },
  { email: 'analyst@example.com', name: 'Alan Analyst', roles: ['analyst'] },
  { email: 'reviewer@example.com', name: 'Rita Reviewer', roles: ['reviewer'] },
];

/** Seeds the demo accounts (idempotent) and the example flows. */
export async function seedDemo(db: Db, examples: ExampleOptions = DEFAULT_EXAMPLES): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) await insertUser(db, { ...u, passwordHash: hash });
  await seedExamplesOnce(db, examples);
}

/**
 * Each example flow is seeded once per installation (a settings row claims it), so deleting
 * an example does not bring it back, and examples added in a later release still arrive.
 */
export async function seedExamplesOnce(db: Db, opts: ExampleOptions = DEFAULT_EXAMPLES): Promise<void> {
  for (const example of exampleFlows(opts)) {
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
