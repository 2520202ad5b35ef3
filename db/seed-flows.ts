import 'server-only';
import type { Db } from '@/db/client';

/** Example flows shipped with Baton; filled in as step types land (engine issue). */
export type ExampleFlow = { slug: string; name: string };
export const EXAMPLE_FLOWS: ExampleFlow[] = [];

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export async function insertExampleFlow(_tx: Tx, _example: ExampleFlow): Promise<void> {}
