import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { runUsedUsd, dayUsedUsd } from '@/db/queries/budgets';
import { flow } from '@/lib/engine/testing/flow-builder';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { holdCost } from './reserve';

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

describe('holds of ended runs', () => {
  it('are released once the run ends, so an attempt cut short by a crash does not eat the budget', async () => {
    // The run waits on a timer until the hold below exists, so it cannot end before it.
    const { flowId, versionId } = await insertPublishedFlow(
      t.db,
      flow().webhook('t').step('wait', 'delay', { ms: 1_500 }).set('after', { ok: true }).chain('t', 'wait', 'after').build(),
    );
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await run.firstCommit;
    const day = new Date().toISOString().slice(0, 10);
    const before = await dayUsedUsd(t.sql, day);
    // A hold that no settle will ever reach: its attempt "crashed".
    await holdCost(t.sql, {
      key: `${run.runId}:llm:1:model:1`,
      runId: run.runId,
      runCapUsd: 1,
      now: new Date(),
      call: { model: 'm', price: { inputPerM: 0, outputPerM: 10 }, inputTokens: 0, maxOutputTokens: 1_000 },
    });
    expect(await runUsedUsd(t.sql, run.runId)).toBeCloseTo(0.01, 8);
    expect((await t.sql`select status from runs where id = ${run.runId}`)[0]!.status).not.toBe('succeeded');
    await vi.waitFor(async () => expect((await t.sql`select status from runs where id = ${run.runId}`)[0]!.status).toBe('succeeded'), { timeout: 20_000 });
    await worker.engine.observers.catchUp();
    expect(await runUsedUsd(t.sql, run.runId)).toBe(0);
    expect(await dayUsedUsd(t.sql, day)).toBeCloseTo(before, 8);
    expect((await t.sql`select status from cost_reservations where run_id = ${run.runId}`)[0]!.status).toBe('released');
  });
});
