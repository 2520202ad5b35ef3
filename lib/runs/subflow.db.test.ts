import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { loopbackServer, json } from '@/lib/testing/loopback';
import type { FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

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

async function runToEnd(def: FlowInput, body: unknown) {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body } });
  await run.firstCommit;
  return eventually(async () => (await t.sql<{ id: string; status: string; output: unknown; error: { kind: string; message: string } | null }[]>`select id, status, output, error from runs where id = ${run.runId}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
}
const doubler = () => flow().webhook('t').set('d', { doubled: '{{ input.n * 2 }}' }).step('o', 'output', { value: '{{ input.doubled }}' }).chain('t', 'd', 'o').build();

describe('call-flow: sub-flows and map', () => {
  it('maps a list over a child flow, outputs in item order, children linked to the parent', async () => {
    const child = await insertPublishedFlow(t.db, doubler());
    const parent = flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 2 }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build();
    const run = await runToEnd(parent, { list: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    expect(run).toMatchObject({ status: 'succeeded', output: [2, 4, 6] });
    const kids = await t.sql<{ item_index: number; depth: number; parent_step_id: string; version_id: string }[]>`select item_index, depth, parent_step_id, version_id from runs where parent_run_id = ${run.id} order by item_index`;
    expect(kids.map((k) => [k.item_index, k.depth, k.parent_step_id])).toEqual([[0, 1, 'map'], [1, 1, 'map'], [2, 1, 'map']]);
    expect(new Set(kids.map((k) => k.version_id))).toEqual(new Set([child.versionId]));
  });

  it('calls once with the step input, and an empty list maps to []', async () => {
    const child = await insertPublishedFlow(t.db, doubler());
    const once = await runToEnd(flow().webhook('t').step('call', 'call-flow', { flowId: child.flowId }).chain('t', 'call').build(), { n: 21 });
    expect(once.status).toBe('succeeded');
    const [row] = await t.sql<{ output: unknown }[]>`select output from step_runs where run_id = ${once.id} and step_id = 'call'`;
    expect(row?.output).toBe(42);
    const empty = await runToEnd(flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: [] }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build(), {});
    expect(empty).toMatchObject({ status: 'succeeded', output: [] });
  });

  it('runs at most `concurrency` children at once, and really that many (barrier)', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const waiting: (() => void)[] = [];
    const srv = await loopbackServer((_c, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        json(res, 200, { ok: true });
      };
      waiting.push(answer);
      if (waiting.length === 2) waiting.splice(0).forEach((f) => f());
      else setTimeout(() => waiting.includes(answer) && (waiting.splice(waiting.indexOf(answer), 1), inFlight--, json(res, 500, { error: 'barrier not reached' })), 10_000);
    });
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('call', 'http-request', { url: `${srv.url}/x` }).chain('t', 'call').build());
    const run = await runToEnd(flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 2 }).chain('t', 'map').build(), { list: [1, 2, 3, 4] });
    await srv.close();
    expect(run.status).toBe('succeeded');
    expect(maxInFlight).toBe(2);
    expect(srv.calls).toHaveLength(4);
  });

  it('fails the step when a child fails, naming the item', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('boom', 'code', { code: 'if (input === 2) throw new Error("bad item"); return input;' }).chain('t', 'boom').build());
    const run = await runToEnd(flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 1 }).chain('t', 'map').build(), { list: [1, 2, 3] });
    expect(run).toMatchObject({ status: 'failed', error: { kind: 'ChildFailed', message: expect.stringContaining('Item 1') } });
  });

  it('loops a child flow, feeding each output to the next run, until a condition holds, within a bound', async () => {
    const inc = await insertPublishedFlow(t.db, flow().webhook('t').set('s', { n: '{{ input.n + 1 }}' }).step('o', 'output', { value: '{{ input }}' }).chain('t', 's', 'o').build());
    const loop = (max: number) => flow().webhook('t').step('loop', 'call-flow', { flowId: inc.flowId, mode: 'loop', input: '{{ input }}', until: '{{ item.n >= 3 }}', maxIterations: max }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'loop', 'o').build();
    expect(await runToEnd(loop(10), { n: 0 })).toMatchObject({ status: 'succeeded', output: { n: 3 } });
    expect(await runToEnd(loop(2), { n: 0 })).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('Stopped after 2 iterations') } });
  });

  it('stops a flow that calls itself at the depth limit', async () => {
    const { flowId, versionId } = await insertPublishedFlow(t.db, flow().webhook('t').build());
    const self = flow().webhook('t').step('again', 'call-flow', { flowId }).chain('t', 'again').build();
    await t.sql`update flow_versions set definition = ${JSON.stringify(self)}::jsonb where id = ${versionId}`;
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await run.firstCommit;
    const top = await eventually(async () => (await t.sql<{ status: string; error: { message: string } | null }[]>`select status, error from runs where id = ${run.runId}`)[0]!, (r) => r.status === 'failed');
    expect(top.error?.message).toMatch(/Item 0/);
    const [deepest] = await t.sql<{ depth: number; error: { message: string } }[]>`select depth, error from runs where flow_id = ${flowId} order by depth desc limit 1`;
    expect(deepest?.depth).toBe(5);
    expect(deepest?.error.message).toMatch(/nest deeper than 5 levels/);
  });
});
