import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import type { FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';
import { cancelRun, resolveReviewTask, RunControlError } from './control';

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

async function run(def: FlowInput, body: unknown = {}) {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const prepared = await getPreparedVersion(t.sql, versionId);
  return startRun(worker.engine, { prepared, flowId, versionId, isTest: false, triggerStepId: prepared.graph.triggers[0]!, payload: { kind: 'webhook', body } });
}
const runRow = async (id: string) => (await t.sql<{ status: string; lease_owner: string | null; output: unknown }[]>`select status, lease_owner, output from runs where id = ${id}`)[0];
const terminal = (r?: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r?.status ?? '');

describe('waits hold no process', () => {
  it('an ambiguous result escalates to a persisted review task; resolving it resumes the run on a worker', async () => {
    const policy = { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Check the score', deadlineMs: 3_600_000, onTimeout: 'fail' as const } };
    const def = flow().webhook('t').step('score', 'code', { code: 'return { c: 0.2, label: "maybe" }' }, { policy }).step('out', 'output', { value: '{{ input.label }}' }).chain('t', 'score', 'out').build();
    const r = await run(def);
    expect((await r.settled).status).toBe('waiting');
    expect(await runRow(r.runId)).toMatchObject({ status: 'waiting', lease_owner: null });
    const [task] = await t.sql<{ id: string; reason: string; proposed_output: unknown; status: string }[]>`select id, reason, proposed_output, status from review_tasks where run_id = ${r.runId}`;
    expect(task).toMatchObject({ status: 'open', reason: expect.stringContaining('Check the score'), proposed_output: { c: 0.2, label: 'maybe' } });
    // The ambiguous attempt is closed, not left running for a recovery to call again.
    expect((await t.sql<{ status: string }[]>`select status from step_runs where run_id = ${r.runId} and step_id = 'score'`).map((x) => x.status)).toEqual(['ambiguous']);

    await resolveReviewTask(t.sql, task!.id, { action: 'edit', output: { c: 1, label: 'definitely' } }, null);
    const done = await eventually(() => runRow(r.runId), terminal);
    expect(done).toMatchObject({ status: 'succeeded', output: 'definitely' });
    await expect(resolveReviewTask(t.sql, task!.id, { action: 'approve' }, null)).rejects.toBeInstanceOf(RunControlError);
  });

  it('a short wait completes in-process; a long one parks and is cancelled cleanly', async () => {
    const short = await run(flow().webhook('t').step('wait', 'delay', { ms: 200 }).set('after', { ok: true }).chain('t', 'wait', 'after').build());
    expect((await short.settled).status).toBe('succeeded');

    const long = await run(flow().webhook('t').step('wait', 'delay', { ms: 600_000 }).set('after', { ok: true }).chain('t', 'wait', 'after').build());
    expect((await long.settled).status).toBe('waiting');
    expect(await runRow(long.runId)).toMatchObject({ status: 'waiting', lease_owner: null });
    await cancelRun(t.sql, long.runId);
    expect(await eventually(() => runRow(long.runId), terminal)).toMatchObject({ status: 'cancelled' });
    const rows = await t.sql<{ step_id: string; status: string }[]>`select step_id, status from step_runs where run_id = ${long.runId} order by id`;
    expect(rows).toEqual([{ step_id: 't', status: 'succeeded' }, { step_id: 'wait', status: 'cancelled' }]);
    await expect(cancelRun(t.sql, long.runId)).rejects.toBeInstanceOf(RunControlError);
  });

  it('cancelling a retrying run stops its retries', async () => {
    const retry = { maxAttempts: 5, initialIntervalMs: 60_000, backoffCoefficient: 2, maxIntervalMs: 600_000, jitter: 0, nonRetryable: [] };
    const r = await run(flow().webhook('t').step('flaky', 'code', { code: 'throw new Error("down")' }, { policy: { retry } }).chain('t', 'flaky').build());
    expect((await r.settled).status).toBe('waiting');
    await cancelRun(t.sql, r.runId);
    expect(await eventually(() => runRow(r.runId), terminal)).toMatchObject({ status: 'cancelled' });
    const [jobs] = await t.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs where payload->>'runId' = ${r.runId} and payload::jsonb ? 'wake'`;
    expect(jobs?.n).toBe(1); // the retry's wake-up may still fire; it finds a finished run and does nothing
  });
});
