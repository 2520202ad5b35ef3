import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';

let t: TestDb;
let a: ChildProcess | undefined;
let b: ChildProcess | undefined;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
let portA: number;

beforeAll(async () => {
  t = await createTestDatabase();
  // The first call is held open (the worker will die holding it); later calls answer at once.
  srv = await loopbackServer((call, res) => {
    if (srv.calls.length > 1) json(res, 200, { charged: true, key: call.headers['idempotency-key'] });
  });
  portA = await freePort();
  const env = { DATABASE_URL: t.url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_HEARTBEAT_MS: '300', BATON_WORKER_STALE_MS: '1500', BATON_DATA_DIR: '.data/test-workers' };
  [a, b] = await Promise.all([spawnWorker(env, ['--listen', String(portA)]), spawnWorker(env)]);
}, 60_000);

afterAll(async () => {
  a?.kill('SIGKILL');
  b?.kill('SIGTERM');
  await srv.close();
  await t.drop();
});

describe('a worker killed with SIGKILL mid-run', () => {
  it('loses only the attempt in flight; the run completes on the other worker with the same idempotency key', async () => {
    const def = flow().webhook('t', { mode: 'async' }).set('before', { prepared: true }).step('charge', 'http-request', { method: 'POST', url: `${srv.url}/charge`, body: '{{ input }}' })
      .set('after', { done: '{{ input.body.charged }}' }).chain('t', 'before', 'charge', 'after').build();
    const { webhookKey } = await insertPublishedFlow(t.db, def);

    const res = await fetch(`http://127.0.0.1:${portA}/api/hooks/${webhookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 7 }) });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };

    await srv.waitForCalls(1);
    const [started] = await t.sql`select status from step_runs where run_id = ${runId} and step_id = 'charge' and attempt = 1`;
    expect(started?.status).toBe('running');
    a!.kill('SIGKILL');

    const run = await eventually(async () => (await t.sql<{ status: string; lease_owner: string | null; error: unknown }[]>`select status, lease_owner, error from runs where id = ${runId}`)[0], (r) => ['succeeded', 'failed', 'cancelled'].includes(r?.status ?? ''));
    expect(run).toEqual({ status: 'succeeded', lease_owner: null, error: null });

    const rows = await t.sql<{ attempt: number; status: string; error: { kind: string } | null }[]>`select attempt, status, error from step_runs where run_id = ${runId} and step_id = 'charge' order by attempt`;
    expect(rows.map((r) => [r.attempt, r.status, r.error?.kind ?? null])).toEqual([[1, 'interrupted', 'Interrupted'], [2, 'succeeded', null]]);
    expect(srv.calls).toHaveLength(2);
    expect(srv.calls.map((c) => c.headers['idempotency-key'])).toEqual([`${runId}:charge`, `${runId}:charge`]);
    const [after] = await t.sql<{ output: { done: boolean } }[]>`select output from step_runs where run_id = ${runId} and step_id = 'after'`;
    expect(after?.output.done).toBe(true);
  }, 60_000);
});
