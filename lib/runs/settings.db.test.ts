import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flows } from '@/db/schema';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import type { FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { applyRetention } from './retention';

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

const start = async (def: FlowInput, isTest = false) => {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const run = await worker.engine.startVersion({ flowId, versionId, isTest, payload: { kind: 'api', body: { order: 7 } } });
  await run.firstCommit;
  return { flowId, runId: run.runId };
};
const finished = (id: string) => eventually(async () => (await t.sql<{ status: string; error: { kind: string; message: string } | null; output: unknown }[]>`select status, error, output from runs where id = ${id}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));

describe('flow settings', () => {
  it('a run over its time limit fails with RunTimeout and its waiting step is cancelled', async () => {
    const def = { ...flow().webhook('t').step('wait', 'delay', { ms: 600_000 }).chain('t', 'wait').build(), settings: { runTimeoutMs: 1000 } };
    const { runId } = await start(def);
    expect(await finished(runId)).toMatchObject({ status: 'failed', error: { kind: 'RunTimeout' } });
    const [row] = await t.sql<{ status: string }[]>`select status from step_runs where run_id = ${runId} and step_id = 'wait'`;
    expect(row?.status).toBe('cancelled');
  });

  it('a run that ends in time leaves no run-timeout wake-up behind in the queue', async () => {
    const def = { ...flow().webhook('t').set('quick', { ok: true }).chain('t', 'quick').build(), settings: { runTimeoutMs: 3_600_000 } };
    const { runId } = await start(def);
    expect(await finished(runId)).toMatchObject({ status: 'succeeded' });
    const jobs = await t.sql`select 1 from graphile_worker.jobs where key = ${`wake:${runId}::runTimeout`}`;
    expect(jobs).toHaveLength(0);
  });

  it('a failed production run starts the error flow with what failed; test runs do not', async () => {
    const handler = await insertPublishedFlow(t.db, flow().webhook('t').step('o', 'output', { value: '{{ trigger.body.error.message }}' }).chain('t', 'o').build());
    const def = { ...flow().webhook('t').step('boom', 'code', { code: 'throw new Error("card declined")' }).chain('t', 'boom').build(), settings: { errorFlowId: handler.flowId } };
    const { runId } = await start(def);
    await finished(runId);
    const handled = await eventually(async () => (await t.sql<{ id: string }[]>`select id from runs where flow_id = ${handler.flowId}`)[0], (r) => !!r);
    expect(await finished(handled!.id)).toMatchObject({ status: 'succeeded', output: 'Error: card declined' });
    const test = await start(def, true);
    await finished(test.runId);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from runs where flow_id = ${handler.flowId}`;
    expect(row?.n).toBe(1);
  });

  it('a failed production run POSTs to the error webhook (retried through the queue until it answers); test runs do not', async () => {
    let failFirst = true;
    const hook = await loopbackServer((_call, res) => {
      if (failFirst) {
        failFirst = false;
        return json(res, 503, { busy: true });
      }
      json(res, 200, { ok: true });
    });
    try {
      const def = { ...flow().webhook('t').step('boom', 'code', { code: 'throw new Error("card declined")' }).chain('t', 'boom').build(), settings: { errorWebhookUrl: `${hook.url}/failed` } };
      const test = await start(def, true);
      await finished(test.runId);
      const { runId } = await start(def);
      await finished(runId);
      await hook.waitForCalls(2);
      const bodies = hook.calls.map((c) => JSON.parse(c.body) as { runId: string; error: { message: string; stepId: string } });
      expect(bodies.map((b) => b.runId)).toEqual([runId, runId]);
      expect(bodies[1]!.error).toMatchObject({ stepId: 'boom', message: 'Error: card declined' });
      expect(hook.calls.map((c) => [c.headers['x-baton-event'], c.headers['idempotency-key']])).toEqual([['run.failed', `${runId}:error-webhook`], ['run.failed', `${runId}:error-webhook`]]);
    } finally {
      await hook.close();
    }
  });

  it('retention keeps what the setting says and nothing else', async () => {
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').build());
    const [flowRow] = await t.sql<{ version_id: string }[]>`select active_version_id as version_id from flows where id = ${flowId}`;
    const version_id = flowRow!.version_id;
    const now = new Date('2026-06-30T00:00:00Z');
    const add = (status: string, daysAgo: number) => t.sql`insert into runs (id, flow_id, version_id, status, trigger_kind, trigger, started_at) values (gen_random_uuid(), ${flowId}, ${version_id}, ${status}, 'api', '{}'::jsonb, ${new Date(now.getTime() - daysAgo * 86_400_000).toISOString()})`;
    await Promise.all([add('succeeded', 40), add('failed', 40), add('succeeded', 5), add('running', 40)]);
    const left = async () => (await t.sql<{ status: string }[]>`select status from runs where flow_id = ${flowId} order by status`).map((r) => r.status);
    await t.db.update(flows).set({ draft: { ...flow().webhook('t').build(), settings: { retention: { keep: 'failed', days: 30 } } } }).where(eq(flows.id, flowId));
    await applyRetention(t.sql, now);
    expect(await left()).toEqual(['failed', 'running', 'succeeded']);
    await t.db.update(flows).set({ draft: { ...flow().webhook('t').build(), settings: { retention: { keep: 'none', days: 30 } } } }).where(eq(flows.id, flowId));
    await applyRetention(t.sql, now);
    expect(await left()).toEqual(['running', 'succeeded']);
  });
});

describe('concurrency limit', () => {
  it('runs at most N production runs of a flow at once; the excess queue and all complete in order', async () => {
    const def = { ...flow().webhook('t').step('wait', 'delay', { ms: 300 }).set('done', { ok: true }).chain('t', 'wait', 'done').build(), settings: { concurrency: 1 } };
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: { i } } })).runId);
    const statuses = await t.sql<{ status: string }[]>`select status from runs where id = any(${ids}::uuid[]) order by started_at`;
    expect(statuses.map((r) => r.status).filter((s) => s === 'queued')).toHaveLength(2);
    for (const id of ids) expect((await finished(id)).status).toBe('succeeded');
    const spans = await t.sql<{ s: string; f: string }[]>`select started_at as s, finished_at as f from step_runs where run_id = any(${ids}::uuid[]) and step_id = 'wait' order by started_at`;
    for (let i = 1; i < spans.length; i++) expect(Date.parse(spans[i]!.s)).toBeGreaterThanOrEqual(Date.parse(spans[i - 1]!.f));
    expect(spans).toHaveLength(3);
  });
});
