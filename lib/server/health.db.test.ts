import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { freePort } from '@/lib/testing/processes';
import { BATON_VERSION } from '@/lib/version';
import { GET } from '@/app/api/health/route';

/** GET /api/health as a load balancer sees it: 200 only with the database up and a live worker. */
let t: TestDb;
const saved = process.env.DATABASE_URL;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  process.env.DATABASE_URL = saved;
  await t.drop();
});

const probe = async () => {
  const res = await GET();
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET /api/health', () => {
  it('is 503 while no worker is alive, and 200 once one beats', async () => {
    expect(await probe()).toEqual({ status: 503, body: { ok: false, db: 'up', workers: 0, version: BATON_VERSION } });
    await t.sql`insert into workers (id, host, pid, heartbeat_at) values ('stale', 'h', 1, now() - interval '5 minutes')`;
    expect((await probe()).status).toBe(503);
    await t.sql`insert into workers (id, host, pid) values ('live', 'h', 2)`;
    expect(await probe()).toEqual({ status: 200, body: { ok: true, db: 'up', workers: 1, version: BATON_VERSION } });
  });

  it('is 503 with db "down" when the database does not answer, without an error text', async () => {
    process.env.DATABASE_URL = `postgres://baton:x@127.0.0.1:${await freePort()}/nothing`;
    try {
      expect(await probe()).toEqual({ status: 503, body: { ok: false, db: 'down', version: BATON_VERSION } });
    } finally {
      process.env.DATABASE_URL = t.url;
    }
  });

  it('keeps answering at once while the database stays down (the pool\'s reconnect back-off does not become a wait)', async () => {
    process.env.DATABASE_URL = `postgres://baton:x@127.0.0.1:${await freePort()}/nothing`;
    try {
      // More probes than the pool has connections, so each connection fails again and again.
      const slowest = { ms: 0, at: -1 };
      for (let i = 0; i < 24; i++) {
        const t0 = Date.now();
        expect((await probe()).status).toBe(503);
        const ms = Date.now() - t0;
        if (ms > slowest.ms) Object.assign(slowest, { ms, at: i });
      }
      // A hang detector, not a speed target: refused connections fail in milliseconds.
      expect(slowest.ms, `probe #${slowest.at}`).toBeLessThan(3_000);
    } finally {
      process.env.DATABASE_URL = t.url;
    }
  });
});
