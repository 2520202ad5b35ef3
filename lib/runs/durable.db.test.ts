import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { SPEED_WORKLOADS } from '@/lib/workflow/speed-workloads';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import type { FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';
import { EVENT_DATA_BYTES } from './run-log';

let t: TestDb;
let worker: WorkerRuntime;
beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

async function run(def: FlowInput, body: unknown, onRespond?: (r: { status: number; body: unknown }) => void, isTest = false) {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const prepared = await getPreparedVersion(t.sql, versionId);
  const trigger = prepared.graph.triggers[0]!;
  return startRun(worker.engine, { prepared, flowId, versionId, isTest, triggerStepId: trigger, payload: { kind: 'webhook', body }, onRespond });
}
const stepRows = (runId: string) => t.sql<{ step_id: string; attempt: number; status: string; output: unknown; error: { kind: string } | null }[]>`select step_id, attempt, status, output, error from step_runs where run_id = ${runId} order by id`;
const runRow = async (runId: string) => (await t.sql<{ status: string; lease_owner: string | null; state: unknown }[]>`select status, lease_owner, state from runs where id = ${runId}`)[0];

describe('durable execution on real Postgres', () => {
  it('W1 commits run, every step and its events once, before answering', async () => {
    let seenAtRespond: unknown;
    const def = SPEED_WORKLOADS.W1.definition;
    const r = await run(def, { id: 1, count: 0, text: 'hello' }, (resp) => {
      seenAtRespond = resp;
    });
    const end = await r.settled;
    expect(end.status).toBe('succeeded');
    expect(seenAtRespond).toMatchObject({ status: 200, body: { count: 10, s10: 10 } });
    const rows = await stepRows(r.runId);
    expect(rows.map((x) => x.step_id)).toEqual(['trigger', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 'respond']);
    expect(rows.every((x) => x.status === 'succeeded')).toBe(true);
    expect(await runRow(r.runId)).toEqual({ status: 'succeeded', lease_owner: null, state: null });
    const events = await t.sql<{ type: string }[]>`select type from run_events where run_id = ${r.runId} order by id`;
    expect(events[0]?.type).toBe('RunStarted');
    expect(events.at(-1)?.type).toBe('RunCompleted');
  });

  it('an effectful step has its "attempt started" row committed before its call goes out', async () => {
    let rowAtCall: unknown;
    let runAtCall: unknown;
    const srv = await loopbackServer(async (call, res) => {
      const runId = call.headers['idempotency-key']!.toString().split(':')[0]!;
      rowAtCall = (await stepRows(runId)).find((x) => x.step_id === 'call');
      runAtCall = await runRow(runId);
      json(res, 200, { pong: true });
    });
    const def = flow().webhook('t').step('call', 'http-request', { method: 'POST', url: `${srv.url}/ping`, body: '{{ input }}' }).set('after', { done: true }).chain('t', 'call', 'after').build();
    const r = await run(def, { hello: 1 });
    await r.settled;
    await srv.close();
    expect(rowAtCall).toMatchObject({ attempt: 1, status: 'running' });
    expect(runAtCall).toMatchObject({ status: 'running', lease_owner: worker.id });
    expect(srv.calls[0]?.headers['idempotency-key']).toBe(`${r.runId}:call`);
    expect((await stepRows(r.runId)).find((x) => x.step_id === 'after')?.output).toMatchObject({ status: 200, body: { pong: true }, done: true });
  });

  it('parallel branches really run at once (a barrier that answers only when both calls arrived)', async () => {
    const srv = await loopbackServer((_call, res) => {
      // Bounded: if the second call never comes, answer 500 so the test fails instead of hanging.
      const timer = setTimeout(() => json(res, 500, { error: 'barrier not reached' }), 10_000);
      void srv.waitForCalls(2).then(() => {
        clearTimeout(timer);
        json(res, 200, { ok: true });
      });
    });
    const def = flow().webhook('t').step('a', 'http-request', { url: `${srv.url}/a` }).step('b', 'http-request', { url: `${srv.url}/b` }).step('m', 'merge', { mode: 'all' })
      .edge('t', 'a').edge('t', 'b').edge('a', 'm').edge('b', 'm').build();
    const r = await run(def, {});
    const end = await r.settled;
    await srv.close();
    expect(end.status).toBe('succeeded');
    expect(srv.calls.map((c) => c.url).sort()).toEqual(['/a', '/b']);
  });

  it('retries after a failure with backoff, recording each attempt', async () => {
    const srv = await loopbackServer((_c, res) => (srv.calls.length === 1 ? json(res, 503, { error: 'warming up' }) : json(res, 200, { ok: 1 })));
    const retry = { maxAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 2, maxIntervalMs: 1000, jitter: 0, nonRetryable: [] };
    const def = flow().webhook('t').step('call', 'http-request', { url: `${srv.url}/x` }, { policy: { retry } }).chain('t', 'call').build();
    const r = await run(def, {});
    expect((await r.settled).status).toBe('succeeded');
    await srv.close();
    const rows = (await stepRows(r.runId)).filter((x) => x.step_id === 'call');
    expect(rows.map((x) => [x.attempt, x.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
    expect(new Set(srv.calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
  });

  it('a failing run records the failed step and answers with its error', async () => {
    const def = flow().webhook('t').step('boom', 'code', { code: 'throw new Error("bad input")' }).chain('t', 'boom').build();
    const r = await run(def, {});
    const end = await r.settled;
    expect(end).toMatchObject({ status: 'failed', error: { stepId: 'boom', message: 'Error: bad input' } });
    expect((await stepRows(r.runId)).find((x) => x.step_id === 'boom')).toMatchObject({ status: 'failed', error: { kind: 'Error' } });
    expect((await runRow(r.runId))?.status).toBe('failed');
  });

  it('pinned sample output replaces a step in test runs only', async () => {
    const def = flow().webhook('t').step('api', 'code', { code: 'throw new Error("would call the real API")' }).set('after', { seen: '{{ input.sample }}' }).chain('t', 'api', 'after').build();
    def.steps[1]!.pinned = { output: { sample: 'from the editor' } };
    const test = await run(def, {}, undefined, true);
    expect((await test.settled).status).toBe('succeeded');
    const rows = await stepRows(test.runId);
    expect(rows.find((x) => x.step_id === 'api')).toMatchObject({ status: 'pinned', output: { sample: 'from the editor' } });
    expect(rows.find((x) => x.step_id === 'after')?.output).toMatchObject({ seen: 'from the editor' });
    const prod = await run(def, {});
    expect((await prod.settled).status).toBe('failed');
  });

  it('a step output over the limit fails with OutputTooLargeError', async () => {
    const srv = await loopbackServer((_c, res) => json(res, 200, { blob: 'x'.repeat(20_000) }));
    const saved = worker.engine.maxOutputBytes;
    worker.engine.maxOutputBytes = 10_000;
    const def = flow().webhook('t').step('call', 'http-request', { url: `${srv.url}/big` }).chain('t', 'call').build();
    const r = await run(def, {});
    const end = await r.settled;
    worker.engine.maxOutputBytes = saved;
    await srv.close();
    expect(end.error).toMatchObject({ kind: 'OutputTooLargeError', stepId: 'call' });
  });

  it('contracts are checked at run time: a bad output fails once with ContractError (never retried) and takes the error edge', async () => {
    const srv = await loopbackServer((_c, res) => json(res, 200, { score: 'high' }));
    const def = flow()
      .webhook('t')
      .step('call', 'http-request', { url: `${srv.url}/score` }, { contract: { output: { type: 'object', properties: { body: { type: 'object', properties: { score: { type: 'number' } }, required: ['score'] } }, required: ['body'] } }, policy: { retry: { maxAttempts: 3, initialIntervalMs: 1, backoffCoefficient: 1, maxIntervalMs: 1, jitter: 0, nonRetryable: [] } } })
      .set('fallback', { handled: '{{ input.error.kind }}' })
      .chain('t', 'call')
      .edge('call', 'fallback', 'error')
      .build();
    const r = await run(def, {});
    expect((await r.settled).status).toBe('succeeded');
    await srv.close();
    expect(srv.calls).toHaveLength(1);
    const rows = await stepRows(r.runId);
    expect(rows.find((x) => x.step_id === 'call')).toMatchObject({ status: 'failed', error: { kind: 'ContractError', message: expect.stringContaining('output.body.score must be number') } });
    expect(rows.find((x) => x.step_id === 'fallback')?.output).toMatchObject({ handled: 'ContractError' });
  });

  it('an input that breaks the receiving step\'s contract fails that step before it runs', async () => {
    const def = flow().webhook('t').set('needs', { ok: true }, { contract: { input: { type: 'object', required: ['email'] } } }).chain('t', 'needs').build();
    const r = await run(def, { name: 'no email' });
    expect(await r.settled).toMatchObject({ status: 'failed', error: { stepId: 'needs', kind: 'ContractError', message: expect.stringContaining('input.email is required') } });
  });

  it('events carry previews of large values while the step row keeps the whole', async () => {
    const def = flow().webhook('t').step('boom', 'code', { code: 'throw new Error("x".repeat(60000))' }).chain('t', 'boom').build();
    const r = await run(def, {});
    expect((await r.settled).status).toBe('failed');
    const [failed] = await t.sql<{ bytes: number; message: string }[]>`select octet_length(data::text) as bytes, data->'error'->>'message' as message from run_events where run_id = ${r.runId} and type = 'StepFailed'`;
    expect(failed!.bytes).toBeLessThanOrEqual(EVENT_DATA_BYTES + 100);
    expect(failed!.message).toMatch(/more characters\)$/);
    const row = (await stepRows(r.runId)).find((x) => x.step_id === 'boom') as unknown as { error: { message: string } };
    expect(row.error.message.length).toBeGreaterThan(60_000);
  });

  it('a run over its time slice hands itself back to the queue at safe points and still completes exactly once per step', async () => {
    const saved = worker.engine.sliceMs;
    worker.engine.sliceMs = 0;
    try {
      const def = flow().webhook('t', { mode: 'async' }).set('a', { n: 1 }).set('b', { n: '{{ input.n + 1 }}' }).set('c', { n: '{{ input.n + 1 }}' }).step('o', 'output', { value: '{{ input.n }}' }).chain('t', 'a', 'b', 'c', 'o').build();
      const r = await run(def, {});
      await r.firstCommit;
      const done = await eventually(async () => (await t.sql<{ status: string; output: unknown }[]>`select status, output from runs where id = ${r.runId}`)[0]!, (x) => x.status === 'succeeded' || x.status === 'failed');
      expect(done).toEqual({ status: 'succeeded', output: 3 });
      const yielded = await t.sql`select 1 from run_events where run_id = ${r.runId} and type = 'RunYielded'`;
      expect(yielded.length).toBeGreaterThan(0);
      const rows = await stepRows(r.runId);
      expect(rows.map((x) => `${x.step_id}:${x.attempt}:${x.status}`)).toEqual(['t:1:succeeded', 'a:1:succeeded', 'b:1:succeeded', 'c:1:succeeded', 'o:1:succeeded']);
    } finally {
      worker.engine.sliceMs = saved;
    }
  });
});
