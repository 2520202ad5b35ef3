import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

/**
 * The two runs the chaos matrix left stuck after a worker SIGKILL (finding 14): a run `running`
 * with its HTTP attempt `running`, and a fan-out parent `waiting` whose children had all
 * succeeded; both with no lease and no queue job. Every sweep looked only at leased runs (a dead
 * worker's, or this worker's without an executor), so nothing would ever touch them. The state is
 * built here as it was found: a real SIGKILL mid-attempt, then the lease let go and the wake-up
 * spent; the children finished with their announcements lost. A worker started afterwards must
 * end both.
 */
let t: TestDb;
let dead: ChildProcess | undefined;
let worker: WorkerRuntime | undefined;
let srv: Awaited<ReturnType<typeof loopbackServer>>;

beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  // The first call is held open (its worker dies holding it); later calls answer at once.
  srv = await loopbackServer((call, res) => {
    if (srv.calls.length > 1) json(res, 200, { ok: true, key: call.headers['idempotency-key'] });
  });
}, 60_000);

afterAll(async () => {
  dead?.kill('SIGKILL');
  await worker?.stop();
  await srv.close();
  await t.drop();
});

const runOf = async (id: string) => (await t.sql<{ status: string; lease_owner: string | null; error: unknown }[]>`select status, lease_owner, error from runs where id = ${id}`)[0];
const ended = (r: { status: string } | undefined) => ['succeeded', 'failed', 'cancelled'].includes(r?.status ?? '');
/** The run's queue jobs are gone: its wake-up was spent on a holder that then let go. */
const spendJobs = (ids: string[]) => t.sql`delete from graphile_worker._private_jobs where payload->>'runId' = any(${ids})`;

describe('a run with no lease and no queue job', () => {
  it('is resumed by a live worker: a run mid-attempt, and a fan-out parent whose children all ended', async () => {
    // 1. A worker dies (SIGKILL) while a run's HTTP attempt is in flight.
    const port = await freePort();
    const env = { DATABASE_URL: t.url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_DATA_DIR: '.data/test-workers' };
    dead = await spawnWorker(env, ['--listen', String(port)]);
    const http = await insertPublishedFlow(t.db, flow().webhook('t', { mode: 'async' }).step('flaky', 'http-request', { method: 'POST', url: `${srv.url}/flaky`, body: '{{ input }}' })
      .step('o', 'output', { value: '{{ input.body.ok }}' }).chain('t', 'flaky', 'o').build());
    const res = await fetch(`http://127.0.0.1:${port}/api/hooks/${http.webhookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    const { runId: running } = (await res.json()) as { runId: string };
    await srv.waitForCalls(1);
    dead.kill('SIGKILL');
    // What the matrix found: the dead worker gone from `workers`, the lease let go, no job.
    await t.sql`delete from workers`;
    await t.sql`update runs set lease_owner = null, lease_expires_at = now() - interval '1 minute' where id = ${running}`;
    await spendJobs([running]);
    const [attempt] = await t.sql<{ status: string }[]>`select status from step_runs where run_id = ${running} and step_id = 'flaky'`;
    expect(attempt?.status).toBe('running');
    expect(await runOf(running)).toMatchObject({ status: 'running', lease_owner: null });

    // 2. A fan-out parent parks on its children; they end, but no wake-up reaches the parent.
    worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('pause', 'delay', { ms: 600_000 }).chain('t', 'pause').build());
    const fan = await insertPublishedFlow(t.db, flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 3 })
      .step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build());
    const { runId: parent } = await worker.engine.startVersion({ flowId: fan.flowId, versionId: fan.versionId, isTest: false, payload: { kind: 'api', body: { list: [1, 2, 3] } } });
    await eventually(async () => (await t.sql`select 1 from runs where parent_run_id = ${parent} and status = 'waiting'`).length, (n) => n === 3, 15_000);
    expect(await eventually(() => runOf(parent), (r) => r?.status === 'waiting' && r.lease_owner === null, 15_000)).toMatchObject({ status: 'waiting', lease_owner: null });
    const children = (await t.sql<{ id: string }[]>`select id from runs where parent_run_id = ${parent}`).map((r) => r.id);
    await t.sql`update runs set status = 'succeeded', state = null, output = '{"done":true}'::jsonb, finished_at = now(), lease_owner = null where id = any(${children})`;
    await t.sql`update runs set lease_expires_at = now() - interval '1 minute' where id = ${parent}`;
    await spendJobs([parent, ...children]);
    const [map] = await t.sql<{ status: string }[]>`select status from step_runs where run_id = ${parent} and step_id = 'map'`;
    expect(map?.status).toBe('running');

    // 3. Recovery ends both.
    expect(await eventually(() => runOf(running), ended, 30_000)).toEqual({ status: 'succeeded', lease_owner: null, error: null });
    expect(await eventually(() => runOf(parent), ended, 30_000)).toEqual({ status: 'succeeded', lease_owner: null, error: null });
    // The interrupted attempt was retried with its key.
    expect(srv.calls.map((c) => c.headers['idempotency-key'])).toEqual([`${running}:flaky`, `${running}:flaky`]);
  }, 120_000);
});
