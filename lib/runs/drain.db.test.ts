import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';

/**
 * SIGTERM drains a worker: runs that finish within the drain time finish there; a run still
 * executing after it is left to the other workers, who recover it once this worker's heartbeat
 * is stale. A worker that stops with nothing in flight leaves no trace.
 */
let t: TestDb;
let a: ChildProcess | undefined;
let b: ChildProcess | undefined;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
const env = (t: TestDb) => ({ DATABASE_URL: t.url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_HEARTBEAT_MS: '300', BATON_WORKER_STALE_MS: '1500', BATON_DRAIN_MS: '500', BATON_DATA_DIR: '.data/test-workers' });
const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));
const workerRows = async (pid: number) => (await t.sql<{ n: number }[]>`select count(*)::int as n from workers where pid = ${pid}`)[0]?.n;

beforeAll(async () => {
  t = await createTestDatabase();
  // The first call is held open past the drain; later calls answer at once.
  srv = await loopbackServer((call, res) => {
    if (call.url === '/quick') setTimeout(() => json(res, 200, { charged: true }), 200);
    else if (srv.calls.filter((c) => c.url === '/charge').length > 1) json(res, 200, { charged: true });
  });
}, 60_000);

afterAll(async () => {
  a?.kill('SIGKILL');
  b?.kill('SIGKILL');
  await srv.close();
  await t.drop();
});

describe('SIGTERM on a worker', () => {
  it('leaves a run still executing after the drain time to another worker, which completes it', async () => {
    const port = await freePort();
    a = await spawnWorker(env(t), ['--listen', String(port)]);
    const def = flow().webhook('t', { mode: 'async' }).step('charge', 'http-request', { method: 'POST', url: `${srv.url}/charge`, body: '{{ input }}' })
      .set('after', { done: '{{ input.body.charged }}' }).chain('t', 'charge', 'after').build();
    const { webhookKey } = await insertPublishedFlow(t.db, def);
    const res = await fetch(`http://127.0.0.1:${port}/api/hooks/${webhookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    await srv.waitForCalls(1);

    a.kill('SIGTERM');
    expect(await exited(a)).toBe(0);
    // Its heartbeat row stays behind, so that the run it held is seen as a stopped worker's.
    expect(await workerRows(a.pid!)).toBe(1);

    b = await spawnWorker(env(t));
    const run = await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where id = ${runId}`)[0], (r) => r?.status === 'succeeded', 20_000);
    expect(run?.status).toBe('succeeded');
    const attempts = await t.sql<{ attempt: number; status: string }[]>`select attempt, status from step_runs where run_id = ${runId} and step_id = 'charge' order by attempt`;
    expect(attempts.map((r) => [r.attempt, r.status])).toEqual([[1, 'interrupted'], [2, 'succeeded']]);
  }, 60_000);

  it('lets a run that ends within the drain time finish there, then removes its heartbeat row', async () => {
    const port = await freePort();
    // A drain of 3 s: the answer comes after 200 ms, and a busy machine must still fit its commit in.
    const quick = await spawnWorker({ ...env(t), BATON_DRAIN_MS: '3000', BATON_WORKER_STALE_MS: '6000' }, ['--listen', String(port)]);
    const def = flow().webhook('t', { mode: 'async' }).step('charge', 'http-request', { method: 'POST', url: `${srv.url}/quick`, body: '{{ input }}' }).chain('t', 'charge').build();
    const { webhookKey } = await insertPublishedFlow(t.db, def);
    const before = srv.calls.length;
    const res = await fetch(`http://127.0.0.1:${port}/api/hooks/${webhookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { runId } = (await res.json()) as { runId: string };
    await srv.waitForCalls(before + 1);
    quick.kill('SIGTERM');
    expect(await exited(quick)).toBe(0);
    const [run] = await t.sql<{ status: string }[]>`select status from runs where id = ${runId}`;
    expect(run?.status).toBe('succeeded');
    const attempts = await t.sql<{ attempt: number; status: string }[]>`select attempt, status from step_runs where run_id = ${runId} and step_id = 'charge' order by attempt`;
    expect(attempts.map((r) => [r.attempt, r.status])).toEqual([[1, 'succeeded']]);
    expect(await workerRows(quick.pid!)).toBe(0);
  }, 30_000);

  it('with nothing in flight, stops at once and removes its heartbeat row', async () => {
    const idle = await spawnWorker(env(t));
    expect(await workerRows(idle.pid!)).toBe(1);
    idle.kill('SIGTERM');
    expect(await exited(idle)).toBe(0);
    expect(await workerRows(idle.pid!)).toBe(0);
  }, 30_000);
});
