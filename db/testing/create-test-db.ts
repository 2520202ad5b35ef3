import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { migrateDatabase } from '@/db/migrate';
import { openDb } from '@/db/client';

export type TestDb = ReturnType<typeof openDb> & { name: string; drop: () => Promise<void> };

/**
 * A fresh, migrated database for one test file (graphile_worker's schema included), so test
 * files never collide and can be repeated. Drop it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDb> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `baton_t_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await migrateDatabase(url);
  const handle = openDb(url, 5);
  return {
    ...handle,
    name,
    drop: async () => {
      await handle.sql.end({ timeout: 5 });
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
