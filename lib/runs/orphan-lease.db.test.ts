import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';
import { releaseOrphanedLeases } from './resume';

/**
 * A live worker whose executor stopped without ending its run (its commit failed while
 * PostgreSQL restarted) still holds the run's lease, and its heartbeat goes on, so the
 * dead-worker sweep never frees it. The orphan check hands such runs back to the queue.
 */
let t: TestDb;
let rt: EngineRuntime;

beforeAll(async () => {
  t = await createTestDatabase();
  rt = createEngineRuntime({ workerId: 'orphan-test:1', sql: t.sql });
  await t.sql`insert into workers (id, host, pid) values (${rt.workerId}, 'test', 1)`;
});
afterAll(async () => {
  await t.drop();
});

/** A run parked on a long Wait step (lease released), as a failed executor would leave it but leased. */
async function parkedRun() {
  const def = flow().webhook('t', { mode: 'async' }).step('pause', 'delay', { ms: 600_000 }).chain('t', 'pause').build();
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const prepared = await getPreparedVersion(t.sql, versionId);
  const r = startRun(rt, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: {} } });
  expect((await r.settled).status).toBe('waiting');
  return r.runId;
}
const lease = async (id: string) => (await t.sql<{ lease_owner: string | null }[]>`select lease_owner from runs where id = ${id}`)[0]?.lease_owner;
const resumeJobs = async (id: string) => (await t.sql`select 1 from graphile_worker.jobs where key = ${`resume:${id}`}`).length;

describe('runs leased to a live worker with no executor', () => {
  it('are released with a resume job each; runs executing here and fresh claims are left alone', async () => {
    const [orphan, executing, fresh] = [await parkedRun(), await parkedRun(), await parkedRun()];
    // What a failed executor leaves: the lease still ours, claimed long ago (or by a first commit).
    await t.sql`update runs set lease_owner = ${rt.workerId}, lease_expires_at = null where id in (${orphan}, ${executing})`;
    await t.sql`update runs set lease_owner = ${rt.workerId}, lease_expires_at = now() where id = ${fresh}`;
    rt.live.set(executing, {} as never);
    try {
      expect(await releaseOrphanedLeases(rt)).toBe(1);
    } finally {
      rt.live.delete(executing);
    }
    expect(await lease(orphan)).toBeNull();
    expect(await resumeJobs(orphan)).toBe(1);
    expect(await lease(executing)).toBe(rt.workerId);
    expect(await lease(fresh)).toBe(rt.workerId);
    expect(await resumeJobs(executing) + (await resumeJobs(fresh))).toBe(0);
  });
});
