import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { countUsers } from '@/db/queries/users';
import { seedExamples } from './seed-demo';
import { listFlows } from '@/db/queries/flows';
import { bootDatabase } from './boot-database';
import { readLauncherConfig } from './config';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('npm start with DATABASE_URL', () => {
  it('migrates that database, seeds no demo accounts (the first visit creates the admin), seeds examples once', async () => {
    const saved = process.env.DATABASE_URL;
    const booted = await bootDatabase(readLauncherConfig({ DATABASE_URL: t.url }));
    process.env.DATABASE_URL = saved;
    expect(booted).toMatchObject({ url: t.url, demo: false });
    expect(booted.embedded).toBeUndefined();
    expect(await countUsers(t.db)).toBe(0);
    await seedExamples(t.db);
    await seedExamples(t.db);
    const names = (await listFlows(t.db)).map((f) => f.name);
    expect(names.filter((n) => n === 'Call an HTTP API')).toHaveLength(1);
    // The benchmark workloads are the benchmarks' own, not a new installation's.
    expect(names.filter((n) => n.startsWith('Speed W'))).toEqual([]);
  });

  it('seeds demo accounts there only with BATON_DEMO=1', async () => {
    expect((await bootDatabase(readLauncherConfig({ DATABASE_URL: t.url, BATON_DEMO: '1' }))).demo).toBe(true);
  });
});
