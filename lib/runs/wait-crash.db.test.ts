import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import type { FlowInput } from '@/lib/workflow/types';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';

/**
 * A worker SIGKILLed while its runs wait on a timer (a Wait step, a retry back-off, a review
 * deadline). The durable wake-up comes due while the dead worker's heartbeat still looks fresh,
 * so the surviving worker finds the run "held elsewhere"; once the dead worker is seen as stale,
 * its runs are resumed. No wake-up may depend on the dead process's memory: every run ends.
 */
let t: TestDb;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
const procs: ChildProcess[] = [];
// Stale after 5 s: every wake-up below (1 s) comes due while the killed worker still looks alive.
const env = (t: TestDb) => ({ DATABASE_URL: t.url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_HEARTBEAT_MS: '300', BATON_WORKER_STALE_MS: '5000', BATON_DATA_DIR: '.data/test-workers' });

beforeAll(async () => {
  t = await createTestDatabase();
  // /flaky fails its first call (so the step backs off before a retry); /slow holds its first call
  // for 3 s (the run stays leased to its worker meanwhile); the rest answer at once.
  srv = await loopbackServer((call, res) => {
    const nth = srv.calls.filter((c) => c.url === call.url).length;
    if (call.url === '/flaky' && nth === 1) json(res, 500, { error: 'first call fails' });
    else if (call.url === '/slow' && nth === 1) setTimeout(() => json(res, 200, { ok: true }), 3000);
    else json(res, 200, { ok: true });
  });
}, 60_000);

afterEach(() => {
  for (const p of procs.splice(0)) p.kill('SIGKILL');
});

afterAll(async () => {
  await srv.close();
  await t.drop();
});

type Case = { name: string; build: () => FlowInput; waitsOn: string; waitStatus: 'waiting' | 'retrying'; end: string };

const cases: Case[] = [
  {
    name: 'a Wait step',
    build: () => flow().webhook('t', { mode: 'async' }).step('pause', 'delay', { ms: 1000 }).set('after', { done: true }).chain('t', 'pause', 'after').build(),
    waitsOn: 'pause',
    waitStatus: 'waiting',
    end: 'succeeded',
  },
  {
    name: 'a retry back-off',
    build: () =>
      flow().webhook('t', { mode: 'async' })
        .step('call', 'http-request', { method: 'GET', url: `${srv.url}/flaky` }, { policy: { retry: { maxAttempts: 2, initialIntervalMs: 1000, backoffCoefficient: 1, maxIntervalMs: 1000, jitter: 0, nonRetryable: [] } } })
        .set('after', { done: true }).chain('t', 'call', 'after').build(),
    waitsOn: 'call',
    waitStatus: 'retrying',
    end: 'succeeded',
  },
  {
    // A parallel branch's slow call keeps the run leased while the review's deadline comes due.
    name: 'a review deadline',
    build: () =>
      flow().webhook('t', { mode: 'async' })
        .step('call', 'http-request', { method: 'GET', url: `${srv.url}/unsure` }, { policy: { confidence: { path: 'body.score', threshold: 0.5 }, escalation: { reason: 'unsure', deadlineMs: 1000, onTimeout: 'approve' } } })
        .set('after', { done: true }).chain('t', 'call', 'after')
        .step('slow', 'http-request', { method: 'GET', url: `${srv.url}/slow` }).edge('t', 'slow').build(),
    waitsOn: 'call',
    waitStatus: 'waiting',
    end: 'succeeded',
  },
];

describe('runs waiting on a timer when their worker is SIGKILLed', () => {
  it.each(cases)('resume after $name comes due while the dead worker still looks alive', async (c) => {
    const port = await freePort();
    // The survivor is up first, so it takes the wake-up the moment it is due (the dead worker still fresh).
    const [a, b] = await Promise.all([spawnWorker(env(t), ['--listen', String(port)]), spawnWorker(env(t))]);
    procs.push(a, b);
    const { webhookKey } = await insertPublishedFlow(t.db, c.build());
    const res = await fetch(`http://127.0.0.1:${port}/api/hooks/${webhookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };

    // The wait is committed (with its durable wake-up) before the worker dies.
    const waiting = await eventually(async () => (await t.sql<{ state: { nodes: Record<string, { status: string }> } | null }[]>`select state from runs where id = ${runId}`)[0]?.state?.nodes[c.waitsOn]?.status, (s) => s === c.waitStatus, 10_000);
    expect(waiting).toBe(c.waitStatus);
    a.kill('SIGKILL');

    const run = await eventually(async () => (await t.sql<{ status: string; lease_owner: string | null }[]>`select status, lease_owner from runs where id = ${runId}`)[0], (r) => r?.status === c.end, 25_000);
    expect(run).toEqual({ status: c.end, lease_owner: null });
    const [after] = await t.sql<{ status: string }[]>`select status from step_runs where run_id = ${runId} and step_id = 'after'`;
    expect(after?.status).toBe('succeeded');
  }, 60_000);
});
