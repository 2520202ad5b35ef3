import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import { sealFlowSecrets } from '@/lib/crypto/seal-flow-secrets';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import type { FlowInput } from '@/lib/workflow/types';
import { scanDatabase } from '@/lib/testing/secret-scan';

// The review webhook end to end: a real run creates a task, the commit queues the delivery, a
// worker POSTs it through lib/net's guard. `receiver` is listed in BATON_ALLOWED_HOSTS (host:port);
// `hidden`, on the same loopback host, is not, and must never see a connection.
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let t: TestDb;
let worker: WorkerRuntime;
let receiver: Server, hidden: Server;
/** The receiver's answers, in order (then 200): lets a test make the first delivery fail. */
const answers: number[] = [];
const SECRET = 'review-hook-secret-4711';

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString('base64');
  receiver = await loopbackServer((_c, res) => json(res, answers.shift() ?? 200, {}));
  hidden = await loopbackServer((_c, res) => json(res, 200, { leaked: true }));
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${receiver.port}`;
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
});

afterAll(async () => {
  await worker.stop();
  await t.drop();
  await Promise.all([receiver, hidden].map((s) => s.close()));
});

/** A flow whose Human review step creates a task, with this review webhook (stored as the editor saves it: sealed). */
async function runWithHook(hook: { url: string; secret?: string }, name: string) {
  const def: FlowInput = sealFlowSecrets({
    ...flow().webhook('t').step('check', 'human-review', { instructions: 'Check the refund', show: '{{ input }}' }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'check', 'o').build(),
    settings: { reviewWebhook: hook },
  });
  const { flowId, versionId } = await insertPublishedFlow(t.db, def, { name });
  const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: { amount: 12 } } });
  await run.firstCommit;
  const task = await eventually(async () => (await t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${run.runId}`)[0], (r) => r !== undefined);
  return { flowId, versionId, runId: run.runId, taskId: task!.id };
}

describe('review webhook', () => {
  it('POSTs each new task (id, kind, flow, reason, link) to an allowed receiver, signed with the flow secret; a 503 is retried by the queue', async () => {
    answers.push(503);
    const before = receiver.calls.length;
    const { flowId, versionId, runId, taskId } = await runWithHook({ url: `${receiver.url}/hook`, secret: SECRET }, 'Refunds');
    await eventually(async () => receiver.calls.length, (n) => n >= before + 2, 30_000);
    const [first, second] = receiver.calls.slice(before);
    expect(second!.body).toBe(first!.body);
    expect(first!.method).toBe('POST');
    expect(first!.url).toBe('/hook');
    expect(JSON.parse(second!.body)).toEqual({
      taskId,
      kind: 'review-step',
      flow: { id: flowId, name: 'Refunds' },
      reason: 'Check the refund',
      link: expect.stringMatching(new RegExp(`^https?://[^/]+/inbox/${taskId}$`)),
      runId,
      stepId: 'check',
      priority: 'normal',
      deadline: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const expected = `sha256=${createHmac('sha256', SECRET).update(second!.body).digest('hex')}`;
    expect(second!.headers['x-baton-signature']).toBe(expected);
    expect(second!.headers['idempotency-key']).toBe(`review:${taskId}`);
    expect(second!.headers['x-baton-event']).toBe('review.created');
    // The secret is stored sealed: no column of any table (the version, the queued job, run data) holds it.
    expect(await t.sql`select 1 from flow_versions where id = ${versionId} and definition->'settings'->'reviewWebhook'->>'secret' like 'enc:v1:%'`).toHaveLength(1);
    expect((await scanDatabase(t.sql, [SECRET])).hits).toEqual([]);
  });

  it('without a secret the body goes unsigned', async () => {
    const before = receiver.calls.length;
    const { taskId } = await runWithHook({ url: `${receiver.url}/plain` }, 'Unsigned');
    await receiver.waitForCalls(before + 1);
    const call = receiver.calls[before]!;
    expect(JSON.parse(call.body).taskId).toBe(taskId);
    expect(call.headers['x-baton-signature']).toBeUndefined();
  });

  it('refuses a loopback receiver that is not allowed: nothing connects, the task stays, the job gives up', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    let taskId = '';
    try {
      ({ taskId } = await runWithHook({ url: `http://127.0.0.1:${hidden.port}/hook`, secret: SECRET }, 'Blocked'));
      await eventually(async () => lines.filter((l) => l.includes(taskId) && l.includes('review webhook refused; not retrying')), (l) => l.length > 0, 15_000);
    } finally {
      write.mockRestore();
    }
    expect(hidden.connections).toBe(0);
    expect(lines.join('')).not.toContain(SECRET);
    expect(await t.sql`select 1 from graphile_worker.jobs where key = ${`review-hook:${taskId}`}`).toHaveLength(0);
    expect((await t.sql`select status from review_tasks where id = ${taskId}`)[0]).toEqual({ status: 'open' });
  });

  it('a flow without a review webhook queues no delivery', async () => {
    const def = flow().webhook('t').step('check', 'human-review', { instructions: 'x', show: '{{ input }}' }).chain('t', 'check').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await run.firstCommit;
    const [task] = await eventually(() => t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${run.runId}`, (r) => r.length === 1);
    expect(await t.sql`select 1 from graphile_worker._private_jobs where key = ${`review-hook:${task!.id}`}`).toHaveLength(0);
  });
});
