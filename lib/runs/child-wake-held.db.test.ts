import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

/**
 * A child's completion wakes its parent through a queued job (`children:<run>:<step>`). While
 * another live worker holds the parent, that job used to fail ("held by a worker right now") and
 * be retried with graphile-worker's back-off, burning its attempts: a parent held for long left
 * failed jobs behind after its run had ended (chaos matrix, fan-out cell). A held wake-up is now
 * queued again with fresh attempts and a short, capped delay, and still wakes the parent.
 */
let t: TestDb;
let worker: WorkerRuntime;
beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

type Job = { attempts: number; last_error: string | null; held: number | null };
const jobsOf = (runId: string) => t.sql<Job[]>`
  select attempts, last_error, (payload->>'held')::int as held from graphile_worker._private_jobs where payload->>'runId' = ${runId}`;

describe("a child-completion wake-up whose parent is held by another live worker", () => {
  it('is queued again without failing or burning attempts, and wakes the parent once it is free', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('pause', 'delay', { ms: 1_000 }).chain('t', 'pause').build());
    const parent = await insertPublishedFlow(t.db, flow().webhook('t').step('sub', 'call-flow', { flowId: child.flowId }).chain('t', 'sub').build());
    const run = await worker.engine.startVersion({ flowId: parent.flowId, versionId: parent.versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await eventually(async () => (await t.sql<{ lease_owner: string | null; status: string }[]>`select status, lease_owner from runs where id = ${run.runId}`)[0], (r) => r?.status === 'waiting' && r.lease_owner === null, 10_000);
    // Another worker, alive (its heartbeat goes on), holds the parent while the child finishes.
    await t.sql`insert into workers (id, host, pid) values ('holder', 'elsewhere', 1)`;
    const beat = setInterval(() => void t.sql`update workers set heartbeat_at = now() where id = 'holder'`.catch(() => {}), 300);
    try {
      await t.sql`update runs set lease_owner = 'holder' where id = ${run.runId}`;
      await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where parent_run_id = ${run.runId}`)[0]?.status, (s) => s === 'succeeded', 15_000);
      // Three looks at a held parent: before the fix, the first already failed and backed off.
      const seen = await eventually(() => jobsOf(run.runId), (jobs) => jobs.some((j) => j.last_error !== null || (j.held ?? 0) >= 3), 15_000);
      expect(seen.filter((j) => j.last_error !== null)).toEqual([]);
      expect(Math.max(...seen.map((j) => j.attempts))).toBeLessThanOrEqual(1);
    } finally {
      clearInterval(beat);
    }
    // The holder lets go (parks the run); the queued wake-up resumes it.
    await t.sql`update runs set lease_owner = null where id = ${run.runId}`;
    const end = await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where id = ${run.runId}`)[0]?.status, (s) => s === 'succeeded' || s === 'failed', 15_000);
    expect(end).toBe('succeeded');
    // Nothing is left behind in the queue for this run, failed jobs included.
    expect(await eventually(() => jobsOf(run.runId), (jobs) => jobs.length === 0, 5_000)).toEqual([]);
  }, 60_000);
});
