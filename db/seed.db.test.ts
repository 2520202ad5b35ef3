import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { migrateDatabase } from '@/db/migrate';
import { listUsers } from '@/db/queries/users';
import { DEMO_USERS } from './seed';
import { seedDemo } from '@/lib/server/seed-demo';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('migrations and seed', () => {
  it('migrating twice is a no-op', async () => {
    await expect(migrateDatabase(t.url)).resolves.toBeUndefined();
  });

  it('seeds the three demo accounts once, however often it runs', async () => {
    await seedDemo(t.db);
    await seedDemo(t.db);
    const users = await listUsers(t.db);
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(users.find((u) => u.email === 'reviewer@example.com')?.roles).toEqual(['reviewer']);
  });
});
