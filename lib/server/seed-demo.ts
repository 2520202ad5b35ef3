import 'server-only';
import type { Db } from '@/db/client';
import { DEMO_PASSWORD, seedDemoUsers, seedExamplesOnce } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { EXAMPLE_FLOWS } from '@/lib/workflow/examples';

/** The example flows, each once per installation. */
export const seedExamples = (db: Db) => seedExamplesOnce(db, EXAMPLE_FLOWS);

/** The demo accounts (password DEMO_PASSWORD, idempotent) and the example flows. */
export async function seedDemo(db: Db): Promise<void> {
  await seedDemoUsers(db, await hashPassword(DEMO_PASSWORD));
  await seedExamples(db);
}
