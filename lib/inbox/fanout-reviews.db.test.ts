import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { decideTask } from './decide';

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

const status = async (id: string) => (await t.sql<{ status: string; output: unknown }[]>`select status, output from runs where id = ${id}`)[0];

describe('reviews inside a call-flow fan-out', () => {
  it('each of 20 child runs gets its own task; a decision resumes only its own child, and the parent ends when all are decided', async () => {
    const child = await insertPublishedFlow(
      t.db,
      flow().webhook('t').step('check', 'human-review', { instructions: 'Check the item', show: '{{ input }}' }).step('o', 'output', { value: '{{ input.n }}' }).chain('t', 'check', 'o').build(),
    );
    const parentDef = flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 20 }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, parentDef);
    const list = Array.from({ length: 20 }, (_, i) => ({ n: i }));
    const parent = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: { list } } });
    await parent.firstCommit;

    const tasks = await eventually(
      () => t.sql<{ id: string; run_id: string; item_index: number; kind: string }[]>`select t.id, t.run_id, r.item_index, t.kind from review_tasks t join runs r on r.id = t.run_id where r.parent_run_id = ${parent.runId} order by r.item_index`,
      (rows) => rows.length === 20,
    );
    expect(tasks.map((x) => x.item_index)).toEqual(list.map((x) => x.n));
    expect(new Set(tasks.map((x) => x.run_id)).size).toBe(20);
    expect(tasks.every((x) => x.kind === 'review-step')).toBe(true);

    const seventh = tasks[7]!;
    await decideTask(t.sql, seventh.id, { action: 'edit', output: { n: 700 } }, null);
    expect(await eventually(() => status(seventh.run_id), (r) => r?.status === 'succeeded')).toMatchObject({ output: 700 });
    const others = await t.sql<{ status: string }[]>`select status from runs where parent_run_id = ${parent.runId} and id <> ${seventh.run_id}`;
    expect(others.every((r) => r.status === 'waiting')).toBe(true);
    expect((await status(parent.runId))?.status).toBe('waiting');

    for (const task of tasks) if (task !== seventh) await decideTask(t.sql, task.id, { action: 'approve' }, null);
    const done = await eventually(() => status(parent.runId), (r) => r?.status === 'succeeded', 60_000);
    expect(done?.output).toEqual(list.map((x) => (x.n === 7 ? 700 : x.n)));
  }, 90_000);
});
