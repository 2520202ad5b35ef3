import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import type { RunStore } from './types';

/**
 * An executor whose commit meets a cut connection stops, aborting what it has in flight, and the
 * orphan check hands its run to a fresh executor. The aborted attempt's callback used to drive
 * the stopped executor on: it committed the attempt as failed ("This operation was aborted") over
 * the run that was being handed on, so the interrupted attempt was never retried with its key
 * and a cut connection failed the run (chaos matrix, pg_terminate_backend fault).
 */
let t: TestDb;
let worker: WorkerRuntime;
let realStore: RunStore;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
const heldSlow: http.ServerResponse[] = [];
beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  // The first call to /slow is held open until the test lets it go; every other call answers.
  srv = await loopbackServer((call, res) => {
    if (call.url === '/slow' && srv.calls.filter((c) => c.url === '/slow').length === 1) heldSlow.push(res);
    else json(res, 200, { ok: true, path: call.url });
  });
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  realStore = worker.engine.store;
});
afterAll(async () => {
  await worker.stop();
  for (const res of heldSlow) res.destroy();
  await srv.close();
  await t.drop();
});

/** The error a query gets when pg_terminate_backend cuts its connection (its own, to this test's database). */
async function cutConnectionError(): Promise<unknown> {
  const own = postgres(t.url, { max: 1, onnotice: () => {} });
  try {
    const pid = (await own<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    const victim = own`select pg_sleep(30)`.then(() => new Error('the query was not cut'), (e: unknown) => e);
    await eventually(async () => (await t.sql`select 1 from pg_stat_activity where pid = ${pid} and datname = current_database() and state = 'active'`).length, (n) => n === 1, 5_000);
    await t.sql`select pg_terminate_backend(${pid}) from pg_stat_activity where pid = ${pid} and datname = current_database()`;
    return await victim;
  } finally {
    await own.end({ timeout: 1 });
  }
}

describe('a commit cut while another attempt of the run is in flight', () => {
  it('commits nothing more from the stopped executor; the run resumes, retries the cut attempt with its key, and succeeds', async () => {
    const def = flow().webhook('t')
      .step('slow', 'http-request', { method: 'POST', url: `${srv.url}/slow`, body: '{}' })
      .step('fast', 'http-request', { method: 'POST', url: `${srv.url}/fast`, body: '{}' })
      .edge('t', 'slow').edge('t', 'fast').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const afterStop: string[] = [];
    let cut = false;
    let stopped = false;
    worker.engine.store = {
      commit: async (b) => {
        if (stopped) afterStop.push(b.steps.map((s) => `${s.step_id}#${s.attempt}:${s.status}`).join(','));
        // The commit of the fast call's result meets the cut; the slow call is still in flight.
        if (!cut && b.steps.some((s) => s.step_id === 'fast' && s.status === 'succeeded')) {
          cut = true;
          stopped = true;
          throw await cutConnectionError();
        }
        return realStore.commit(b);
      },
    };
    try {
      const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
      await expect(run.settled).rejects.toBeTruthy();
      // The stopped executor had aborted the slow call; nothing of this run may be committed by it.
      const mine = afterStop.length;
      stopped = false;
      worker.engine.store = realStore;
      const end = await eventually(async () => (await t.sql<{ status: string; error: unknown }[]>`select status, error from runs where id = ${run.runId}`)[0], (r) => r?.status === 'succeeded' || r?.status === 'failed', 30_000);
      expect(mine).toBe(0);
      expect(end).toEqual({ status: 'succeeded', error: null });
      const attempts = await t.sql<{ s: string }[]>`select step_id || '#' || attempt || ':' || status as s from step_runs where run_id = ${run.runId} and step_id <> 't' order by step_id, attempt`;
      expect(attempts.map((a) => a.s)).toEqual(['fast#1:interrupted', 'fast#2:succeeded', 'slow#1:interrupted', 'slow#2:succeeded']);
      const slowKeys = srv.calls.filter((c) => c.url === '/slow').map((c) => c.headers['idempotency-key']);
      expect(slowKeys).toEqual([`${run.runId}:slow`, `${run.runId}:slow`]);
    } finally {
      worker.engine.store = realStore;
    }
  }, 60_000);
});
