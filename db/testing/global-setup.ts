import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDb } from '@/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

let embedded: EmbeddedDb | undefined;

/**
 * DB tests run against real PostgreSQL: DATABASE_URL when set (CI's second pass uses the
 * machine's server), else an embedded cluster under .data/test-pg. Each test file then makes
 * a database of its own (see create-test-db.ts).
 */
export async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: '.data/test-pg', port: Number(process.env.BATON_TEST_PG_PORT ?? 54339), quiet: true });
    url = embedded.url;
  }
  project.provide('adminDatabaseUrl', url);
}

export async function teardown() {
  await embedded?.stop();
}
