import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Short heartbeats so a stopped worker's run is taken over within seconds (read when worker-runtime loads).
vi.hoisted(() => {
  process.env.BATON_HEARTBEAT_MS = '200';
  process.env.BATON_WORKER_STALE_MS = '1200';
  process.env.BATON_DRAIN_MS = '300';
});

import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser } from '@/db/queries/users';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import { parseAllowList } from '@/lib/net/allow-list';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { decideTask } from '@/lib/inbox/decide';
import { InboxError } from '@/lib/inbox/errors';
import { listInbox } from '@/lib/inbox/queue';
import { parseInboxFilters } from '@/lib/inbox/filters';
import type { ToolsPort } from '@/lib/steps/runtime';
import { registerTool } from './admin';
import { toolFormSchema } from './form';
import { createToolRegistry, type ToolRegistry } from './registry';

// The `needs approval` rule end to end on real Postgres: a tool registered through the admin
// service, called by a real run's Tool call step against a loopback server of this file's own,
// decided through the inbox's decideTask (what the task page and the API call).
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let t: TestDb;
let worker: WorkerRuntime;
let registry: ToolRegistry;
let api: Server;
let reviewer: { id: string; roles: string[] };

const INPUT = { type: 'object', properties: { to: { type: 'string' }, amount: { type: 'number', maximum: 100 } }, required: ['to', 'amount'] };
const OUTPUT = { type: 'object', properties: { sent: {} }, required: ['sent'] };

beforeAll(async () => {
  api = await loopbackServer((call, res) => json(res, 200, { sent: JSON.parse(call.body || 'null') }));
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${api.port}`;
  t = await createTestDatabase();
  registry = createToolRegistry({ sql: t.sql, deps: { builtins: [], codeRunner: async () => null, vault: { vault: { reveal: async () => { throw new Error('no credentials here'); } }, applyCredential: async () => ({ secrets: [], secretHeaders: [] }) } }, allowList: parseAllowList(`127.0.0.1:${api.port}`) });
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: registry });
  const u = await insertUser(t.db, { email: 'rita@example.com', name: 'Rita', passwordHash: null, roles: ['reviewer'] });
  reviewer = { id: u!.id, roles: ['reviewer'] };
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await api?.close();
});

let seq = 0;
async function gatedTool() {
  const form = toolFormSchema.parse({ name: `pay ${++seq}`, kind: 'http', category: 'Test', approval: 'needs_approval', inputSchema: INPUT, outputSchema: OUTPUT, config: { method: 'POST', origin: api.url, path: '/pay', body: { mode: 'input' } } });
  const r = await registerTool(t.sql, form, null);
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

type RunRow = { status: string; error: { kind: string; message: string } | null };
const runRow = async (id: string) => (await t.sql<RunRow[]>`select status, error from runs where id = ${id}`)[0]!;
const finished = (id: string) => eventually(() => runRow(id), (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
type TaskRow = { id: string; kind: string; proposed_output: unknown; status: string };
const tasksOf = (runId: string) => t.sql<TaskRow[]>`select id, kind, proposed_output, status from review_tasks where run_id = ${runId} order by created_at`;

/** Starts a run of webhook → pay (the gated tool) → ok, with an error edge to `bad`; resolves once it waits on its approval task. */
async function waitingRun(on: WorkerRuntime, body: unknown) {
  const toolId = await gatedTool();
  const def = flow().webhook('t')
    .step('pay', 'tool-call', { toolId, input: { to: '{{ trigger.body.to }}', amount: '{{ trigger.body.amount }}' }, inputSchema: INPUT, outputSchema: OUTPUT }, { policy: { retry: { maxAttempts: 1 } } as never })
    .set('ok', { done: true }).set('bad', { handled: true })
    .edge('t', 'pay').edge('pay', 'ok').edge('pay', 'bad', 'error').build();
  const { flowId, versionId } = await insertPublishedFlow(t.db, def, { name: `Approval ${seq}` });
  const run = await on.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body } });
  await run.firstCommit;
  const end = await eventually(() => runRow(run.runId), (r) => r.status !== 'running');
  expect(end).toMatchObject({ status: 'waiting' });
  const [task] = await eventually(() => tasksOf(run.runId), (rows) => rows.length > 0);
  return { runId: run.runId, task: task! };
}
const callsTo = (before: number) => api.calls.slice(before).map((c) => JSON.parse(c.body) as unknown);
const stepOutput = async (runId: string, stepId: string) => (await t.sql<{ output: unknown }[]>`select output from step_runs where run_id = ${runId} and step_id = ${stepId} order by attempt desc limit 1`)[0]?.output;

describe('a tool under needs approval', () => {
  it('waits on a tool-approval task showing the exact resolved input, listed in the inbox, with no call made', async () => {
    const before = api.calls.length;
    const { task } = await waitingRun(worker, { to: 'ann', amount: 5 });
    expect(task).toMatchObject({ kind: 'tool-approval', proposed_output: { to: 'ann', amount: 5 }, status: 'open' });
    const listed = await listInbox(t.sql, parseInboxFilters({ kind: 'tool-approval' }), reviewer);
    expect(listed.find((i) => i.id === task.id)).toMatchObject({ kind: 'tool-approval' });
    expect(api.calls.length).toBe(before);
  });

  it('approve runs the call once with that input and the run goes on', async () => {
    const before = api.calls.length;
    const { runId, task } = await waitingRun(worker, { to: 'bob', amount: 7 });
    await decideTask(t.sql, task.id, { action: 'approve' }, null);
    expect(await finished(runId)).toMatchObject({ status: 'succeeded' });
    expect(callsTo(before)).toEqual([{ to: 'bob', amount: 7 }]);
    expect(await stepOutput(runId, 'ok')).toMatchObject({ sent: { to: 'bob', amount: 7 }, done: true });
  });

  it('edit checks the input against the tool contract (field errors, nothing changed), then runs with the edited input', async () => {
    const before = api.calls.length;
    const { runId, task } = await waitingRun(worker, { to: 'cy', amount: 9 });
    const refused = await decideTask(t.sql, task.id, { action: 'edit', output: { to: 'cy', amount: 500 } }, null).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InboxError);
    expect(refused).toMatchObject({ message: "The edited input does not match the tool's input contract.", fieldErrors: { amount: [expect.stringMatching(/100/)] } });
    expect((await tasksOf(runId))[0]!.status).toBe('open');
    expect(api.calls.length).toBe(before);
    await decideTask(t.sql, task.id, { action: 'edit', output: { to: 'dee', amount: 50 } }, null);
    expect(await finished(runId)).toMatchObject({ status: 'succeeded' });
    expect(callsTo(before)).toEqual([{ to: 'dee', amount: 50 }]);
  });

  it('reject fails the step with a NonRetriableError that takes its error edge, without calling the tool', async () => {
    const before = api.calls.length;
    const { runId, task } = await waitingRun(worker, { to: 'eve', amount: 1 });
    await decideTask(t.sql, task.id, { action: 'reject', comment: 'wrong payee' }, null);
    expect(await finished(runId)).toMatchObject({ status: 'succeeded' });
    expect(await stepOutput(runId, 'bad')).toMatchObject({ handled: true, error: { kind: 'NonRetriableError', message: 'The tool call was rejected by a reviewer: wrong payee' } });
    expect(api.calls.length).toBe(before);
  });
});

describe('an approval committed before the worker stops', () => {
  it('is not asked again: another worker resumes the run and the tool server sees exactly one call', async () => {
    // This worker gets the approval committed, then stops right before the call: its tools port
    // holds every approved call (never reaching the server), as a process dying at that point would.
    let held = 0;
    const stalling: ToolsPort = { call: (ref, input, o) => (o.approved ? (held++, new Promise(() => {})) : registry.call(ref, input, o)) };
    const first = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: stalling });
    await worker.stop();
    const before = api.calls.length;
    const { runId, task } = await waitingRun(first, { to: 'fay', amount: 3 });
    await decideTask(t.sql, task.id, { action: 'edit', output: { to: 'fay', amount: 4 } }, null);
    await eventually(async () => held, (n) => n === 1);
    const [state] = await t.sql<{ state: { nodes: { pay: { approval: unknown } } } }[]>`select state from runs where id = ${runId}`;
    expect(state!.state.nodes.pay.approval).toEqual({ alt: 0, input: { to: 'fay', amount: 4 }, approved: true });
    await first.stop();
    expect(api.calls.length).toBe(before);

    worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: registry });
    expect(await finished(runId)).toMatchObject({ status: 'succeeded' });
    expect(callsTo(before)).toEqual([{ to: 'fay', amount: 4 }]);
    expect(await tasksOf(runId)).toHaveLength(1);
    const rows = await t.sql<{ attempt: number; status: string; kind: string | null }[]>`select attempt, status, error->>'kind' as kind from step_runs where run_id = ${runId} and step_id = 'pay' order by attempt`;
    expect(rows.map((r) => [r.attempt, r.status, r.kind])).toEqual([[1, 'failed', 'ApprovalRequired'], [2, 'interrupted', 'Interrupted'], [3, 'succeeded', null]]);
  }, 30_000);
});
