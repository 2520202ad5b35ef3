import 'server-only';
import type { Db } from '@/db/client';
import { DEMO_PASSWORD, seedDemoUsers, seedExamplesOnce } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { exampleFlows, type ExampleOptions } from '@/lib/workflow/examples';
import { DEMO_API_HOST } from './demo-api';
import { defaultDemoApiPort } from './config';

/** The demo API of a default `npm start` (PORT 3000): where the examples point unless told. */
const DEFAULT_EXAMPLES: ExampleOptions = { demoApiUrl: `http://${DEMO_API_HOST}:${defaultDemoApiPort(3000)}` };

/** The example flows, each once per installation. */
export const seedExamples = (db: Db, opts: ExampleOptions = DEFAULT_EXAMPLES) => seedExamplesOnce(db, exampleFlows(opts));

/** The demo accounts (password DEMO_PASSWORD, idempotent) and the example flows. */
export async function seedDemo(db: Db, opts: ExampleOptions = DEFAULT_EXAMPLES): Promise<void> {
  await seedDemoUsers(db, await hashPassword(DEMO_PASSWORD));
  await seedExamples(db, opts);
}
