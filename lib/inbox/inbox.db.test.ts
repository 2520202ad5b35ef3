import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser } from '@/db/queries/users';
import { flowVersions } from '@/db/schema';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import type { Escalation, FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { getPreparedVersion } from '@/lib/runs/flow-cache';
import { startRun } from '@/lib/runs/start-run';
import { cancelRun } from '@/lib/runs/control';
import { parseInboxFilters } from './filters';
import { assignTask, claimTask, commentOnTask, listInbox, openTaskCount, releaseTask } from './queue';
import { decideTask } from './decide';
import { InboxError } from './errors';
import { loadTaskView } from './task-view';

let t: TestDb;
let worker: WorkerRuntime;
const people: Record<'rita' | 'rob' | 'ada', { id: string; roles: string[] }> = {} as never;

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  for (const [key, roles] of [['rita', ['reviewer']], ['rob', ['reviewer']], ['ada', ['admin']]] as const) {
    const u = await insertUser(t.db, { email: `${key}@example.com`, name: key[0]!.toUpperCase() + key.slice(1), passwordHash: null, roles: [...roles] });
    people[key] = { id: u!.id, roles: [...roles] };
  }
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

const OUTPUT_CONTRACT = { type: 'object', required: ['label', 'c'], properties: { label: { type: 'string', enum: ['yes', 'no', 'maybe'] }, c: { type: 'number' } } };

/** A run whose scoring step is unsure (confidence 0.2 < 0.9) and escalates with this policy. */
async function pausedRun(esc: Partial<Escalation> = {}, opts: { author?: string; code?: string } = {}) {
  const escalation = { reason: 'Check the score', deadlineMs: 3_600_000, onTimeout: 'fail', ...esc } as Escalation;
  const def: FlowInput = flow()
    .webhook('t')
    .step('score', 'code', { code: opts.code ?? 'return { c: 0.2, label: "maybe" }' }, { policy: { confidence: { path: 'c', threshold: 0.9 }, escalation } })
    .step('out', 'output', { value: '{{ input.label }}' })
    .chain('t', 'score', 'out')
    .build();
  def.steps.find((s) => s.id === 'score')!.contract = { output: OUTPUT_CONTRACT };
  const { flowId, versionId } = await insertPublishedFlow(t.db, def, { name: `Scoring ${Math.random().toString(36).slice(2, 7)}` });
  if (opts.author) await t.db.update(flowVersions).set({ createdBy: opts.author }).where(eq(flowVersions.id, versionId));
  const prepared = await getPreparedVersion(t.sql, versionId);
  const r = startRun(worker.engine, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: {} } });
  expect((await r.settled).status).toBe('waiting');
  const [task] = await t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${r.runId}`;
  return { runId: r.runId, flowId, taskId: task!.id };
}
const runRow = async (id: string) => (await t.sql<{ status: string; output: unknown }[]>`select status, output from runs where id = ${id}`)[0];
const finished = (r?: { status: string }) => ['succeeded', 'failed', 'cancelled'].includes(r?.status ?? '');
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof InboxError ? e : Promise.reject(e)));

describe('the queue', () => {
  it('lists a paused run’s task with its policy (kind, priority, assignee) and filters by them', async () => {
    const urgent = await pausedRun({ priority: 'urgent', assignee: { role: 'admin' } });
    const mine = await pausedRun({ assignee: { userId: people.rita.id } });
    const anyone = await pausedRun({});
    const list = async (q: Record<string, string>, me = people.rita) => (await listInbox(t.sql, parseInboxFilters(q), me)).map((i) => i.id);

    const all = await listInbox(t.sql, parseInboxFilters({}), people.rita);
    expect(all.find((i) => i.id === urgent.taskId)).toMatchObject({ kind: 'escalation', priority: 'urgent', state: 'open', assignee: { role: 'admin' }, stepId: 'score' });
    expect(await list({ assigned: 'me' })).toEqual([mine.taskId]);
    expect(await list({ assigned: 'my-role' }, people.ada)).toEqual([urgent.taskId]);
    expect(await list({ assigned: 'unassigned' })).toContain(anyone.taskId);
    expect(await list({ assigned: 'unassigned' })).not.toContain(mine.taskId);
    expect(await list({ priority: 'urgent' })).toEqual([urgent.taskId]);
    expect(await list({ flow: mine.flowId })).toEqual([mine.taskId]);
    expect(await list({ q: anyone.runId })).toEqual([anyone.taskId]);
    expect(await list({ reason: 'no such reason' })).toEqual([]);
    expect(await list({ age: '24h' })).toEqual([]);
    expect(await openTaskCount(t.sql, people.rob)).toBeGreaterThanOrEqual(3);

    const view = await loadTaskView(t.sql, anyone.taskId);
    expect(view).toMatchObject({ why: { confidence: 0.2, threshold: 0.9 }, proposed: { c: 0.2, label: 'maybe' }, input: {}, step: { outputSchema: OUTPUT_CONTRACT } });
  });

  it('sorts by deadline, soonest first, whatever the order the tasks arrived in', async () => {
    const late = await pausedRun({ deadlineMs: 7_200_000, reason: 'Sort check' });
    const soon = await pausedRun({ deadlineMs: 600_000, reason: 'Sort check' });
    const mid = await pausedRun({ deadlineMs: 3_000_000, reason: 'Sort check' });
    const ids = (await listInbox(t.sql, parseInboxFilters({ reason: 'Sort check' }), people.rita)).map((i) => i.id);
    expect(ids).toEqual([soon.taskId, mid.taskId, late.taskId]);
  });

  it('a claimed task shows its holder, leaves the open count of others, and only its holder decides it', async () => {
    const { taskId } = await pausedRun();
    const before = await openTaskCount(t.sql, people.rob);
    await claimTask(t.sql, taskId, people.rita);
    expect(await openTaskCount(t.sql, people.rob)).toBe(before - 1);
    expect((await listInbox(t.sql, parseInboxFilters({ status: 'claimed' }), people.rob)).find((i) => i.id === taskId)?.claimedBy).toEqual({ id: people.rita.id, name: 'Rita' });
    expect((await refusal(claimTask(t.sql, taskId, people.rob)))?.message).toBe('Rita already holds this task.');
    expect((await refusal(decideTask(t.sql, taskId, { action: 'approve' }, people.rob)))?.code).toBe('claimed');
    expect((await refusal(releaseTask(t.sql, taskId, people.rob)))?.code).toBe('claimed');
    await releaseTask(t.sql, taskId, people.ada); // an admin may release anyone's
    await claimTask(t.sql, taskId, people.rob);
    await commentOnTask(t.sql, taskId, people.rob, 'Looks fine to me');
    expect((await loadTaskView(t.sql, taskId))?.comments).toMatchObject([{ body: 'Looks fine to me', author: 'Rob' }]);
    const audit = await t.sql<{ action: string }[]>`select action from audit_log where target = ${taskId} order by id`;
    expect(audit.map((a) => a.action)).toEqual(['review.claim', 'review.release', 'review.claim', 'review.comment']);
  });
});

describe('assignment', () => {
  it('a task goes to a person or a role (its claim dropped), only from its holder or an admin, and back to anyone; each change audited', async () => {
    const { taskId } = await pausedRun();
    const list = async (q: Record<string, string>, me: { id: string; roles: string[] }) => (await listInbox(t.sql, parseInboxFilters(q), me)).map((i) => i.id);
    await assignTask(t.sql, taskId, people.rob, { userId: people.rita.id });
    expect(await list({ assigned: 'me' }, people.rita)).toContain(taskId);
    expect(await list({ assigned: 'me' }, people.rob)).not.toContain(taskId);
    await claimTask(t.sql, taskId, people.rita);
    expect((await refusal(assignTask(t.sql, taskId, people.rob, { role: 'admin' })))?.code).toBe('claimed');
    await assignTask(t.sql, taskId, people.rita, { role: 'admin' });
    expect((await loadTaskView(t.sql, taskId))).toMatchObject({ assignee: { userId: null, role: 'admin' }, claimedBy: null, state: 'open' });
    expect(await list({ assigned: 'my-role' }, people.ada)).toContain(taskId);
    expect((await refusal(assignTask(t.sql, taskId, people.ada, { userId: '00000000-0000-4000-8000-000000000000' })))?.code).toBe('invalid');
    await claimTask(t.sql, taskId, people.rob);
    await assignTask(t.sql, taskId, people.ada, { anyone: true }); // an admin may pass on anyone's
    expect(await list({ assigned: 'unassigned' }, people.rob)).toContain(taskId);
    const audit = await t.sql<{ action: string; details: unknown }[]>`select action, details from audit_log where target = ${taskId} and action = 'review.assign' order by id`;
    expect(audit.map((a) => a.details)).toEqual([{ userId: people.rita.id, role: null }, { userId: null, role: 'admin' }, { userId: null, role: null }]);
    await decideTask(t.sql, taskId, { action: 'approve' }, people.rob);
    expect((await refusal(assignTask(t.sql, taskId, people.ada, { role: 'reviewer' })))?.code).toBe('decided');
  });
});

describe('decisions', () => {
  it('an edited output is checked against the step’s output contract (field errors, nothing changed), then resumes the run', async () => {
    const { taskId, runId } = await pausedRun();
    const bad = await refusal(decideTask(t.sql, taskId, { action: 'edit', output: { label: 'perhaps' } }, people.rita));
    expect(bad?.fieldErrors).toEqual({ label: ['must be equal to one of the allowed values'], c: ['is required'] });
    expect((await t.sql`select status from review_tasks where id = ${taskId}`)[0]).toEqual({ status: 'open' });

    await decideTask(t.sql, taskId, { action: 'edit', output: { label: 'yes', c: 1 } }, people.rita);
    expect(await eventually(() => runRow(runId), finished)).toMatchObject({ status: 'succeeded', output: 'yes' });
    const [ev] = await t.sql<{ data: unknown }[]>`select data from run_events where run_id = ${runId} and type = 'ReviewResolved'`;
    expect(ev?.data).toEqual({ action: 'edit', actor: people.rita.id, kind: 'escalation', edited: true });
    const [audit] = await t.sql<{ actor_id: string; details: unknown }[]>`select actor_id, details from audit_log where target = ${taskId} and action = 'review.resolve'`;
    expect(audit).toEqual({ actor_id: people.rita.id, details: { runId, stepId: 'score', action: 'edit', kind: 'escalation', edited: true } });

    const again = await refusal(decideTask(t.sql, taskId, { action: 'approve' }, people.rob));
    expect(again?.message).toBe('This task was already decided by Rita; nothing was changed.');
  });

  it('an output that broke the step’s contract is proposed on the task: approving it as is is refused with field errors, the edit goes on', async () => {
    const { taskId, runId } = await pausedRun({ reason: 'Fix the shape' }, { code: 'return { c: "high", label: "perhaps" }' });
    const task = await loadTaskView(t.sql, taskId);
    expect(task).toMatchObject({ kind: 'escalation', proposed: { c: 'high', label: 'perhaps' }, reason: expect.stringMatching(/^Fix the shape: The output does not match this step's contract/) });
    const asIs = await refusal(decideTask(t.sql, taskId, { action: 'approve' }, people.rita));
    expect(asIs?.message).toBe("The proposed output does not match the step's output contract: edit it into shape, then approve.");
    expect(asIs?.fieldErrors).toEqual({ label: ['must be equal to one of the allowed values'], c: ['must be number'] });
    await decideTask(t.sql, taskId, { action: 'edit', output: { c: 0.95, label: 'yes' } }, people.rita);
    expect(await eventually(() => runRow(runId), finished)).toMatchObject({ status: 'succeeded', output: 'yes' });
  });

  it('a step that failed after its retries escalates: the task says why and lists every attempt with its error', async () => {
    const def: FlowInput = flow()
      .webhook('t')
      .step('fetch', 'code', { code: 'throw new Error("upstream said 502")' }, { policy: { retry: { maxAttempts: 2, initialIntervalMs: 0, backoffCoefficient: 1, maxIntervalMs: 0, jitter: 0, nonRetryable: [] }, escalation: { reason: 'Fetch failed', deadlineMs: 3_600_000, onTimeout: 'fail' } } })
      .chain('t', 'fetch')
      .build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const r = startRun(worker.engine, { prepared: await getPreparedVersion(t.sql, versionId), flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: { id: 9 } } });
    expect((await r.settled).status).toBe('waiting');
    const [task] = await t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${r.runId}`;
    const view = await loadTaskView(t.sql, task!.id);
    expect(view).toMatchObject({ kind: 'escalation', reason: expect.stringMatching(/^Fetch failed: .*upstream said 502/), input: { id: 9 }, why: null });
    expect(view?.attempts.map((a) => [a.attempt, a.status, (a.error as { message?: string } | null)?.message])).toEqual([
      [1, 'failed', expect.stringContaining('upstream said 502')],
      [2, 'failed', expect.stringContaining('upstream said 502')],
    ]);
  });

  it('an escalation shows the context the flow chose (earlier steps, the trigger) beside the step’s data', async () => {
    const show = { customer: '{{ steps.lookup.output.name }}', ticket: '{{ trigger.body.ticket }}' };
    const def: FlowInput = flow()
      .webhook('t')
      .step('lookup', 'transform', { assignments: [{ name: 'name', value: 'Ada Lovelace' }], keepInput: false })
      .step('score', 'code', { code: 'return { c: 0.2, label: "maybe" }' }, { policy: { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Check', deadlineMs: 3_600_000, onTimeout: 'fail', show } as Escalation } })
      .chain('t', 'lookup', 'score')
      .build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const r = startRun(worker.engine, { prepared: await getPreparedVersion(t.sql, versionId), flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: { ticket: 'T-42' } } });
    expect((await r.settled).status).toBe('waiting');
    const [task] = await t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${r.runId}`;
    expect((await loadTaskView(t.sql, task!.id))?.context).toEqual({ value: { customer: 'Ada Lovelace', ticket: 'T-42' } });
    // A task without a `show` has no context section.
    expect((await loadTaskView(t.sql, (await pausedRun()).taskId))?.context).toBeNull();
  });

  it('two reviewers deciding at once: exactly one wins, the other is told, one resume job and one audit row', async () => {
    const { taskId, runId } = await pausedRun();
    const results = await Promise.allSettled([
      decideTask(t.sql, taskId, { action: 'approve' }, people.rita),
      decideTask(t.sql, taskId, { action: 'reject', comment: 'no' }, people.rob),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(InboxError);
    expect((lost.reason as InboxError).code).toBe('decided');
    // The loser is told who won (read after the winner's commit, not from the snapshot before it).
    expect((lost.reason as InboxError).message).toMatch(/^This task was already decided by (Rita|Rob); nothing was changed\.$/);
    const audits = await t.sql`select 1 from audit_log where target = ${taskId} and action = 'review.resolve'`;
    expect(audits).toHaveLength(1);
    await eventually(() => runRow(runId), finished);
    expect(await t.sql`select 1 from run_events where run_id = ${runId} and type = 'ReviewResolved'`).toHaveLength(1);
  });

  it('a task whose run was cancelled, or whose deadline passed, cannot be decided and says why', async () => {
    const cancelled = await pausedRun();
    await cancelRun(t.sql, cancelled.runId);
    await eventually(() => runRow(cancelled.runId), finished);
    const e1 = await refusal(decideTask(t.sql, cancelled.taskId, { action: 'approve' }, people.rita));
    expect(e1?.code).toBe('cancelled');
    expect(e1?.message).toMatch(/^Its run is cancelled/);

    const late = await pausedRun();
    await t.sql`update review_tasks set deadline = now() - interval '1 second' where id = ${late.taskId}`;
    const e2 = await refusal(decideTask(t.sql, late.taskId, { action: 'approve' }, people.rita));
    expect(e2?.code).toBe('expired');
    expect((await t.sql`select status from review_tasks where id in (${cancelled.taskId}, ${late.taskId})`).map((r) => r.status)).toEqual(['open', 'open']);
  });

  it('N of M: the step goes on only at the second distinct approval', async () => {
    const { taskId, runId } = await pausedRun({ approvals: 2 });
    expect(await decideTask(t.sql, taskId, { action: 'approve' }, people.rita)).toMatchObject({ status: 'approval-recorded', approvals: 1, required: 2 });
    expect(await decideTask(t.sql, taskId, { action: 'approve' }, people.rita)).toMatchObject({ status: 'approval-recorded', approvals: 1 });
    expect((await runRow(runId))?.status).toBe('waiting');
    expect(await decideTask(t.sql, taskId, { action: 'approve' }, people.rob)).toMatchObject({ status: 'resolved' });
    expect(await eventually(() => runRow(runId), finished)).toMatchObject({ status: 'succeeded' });
  });

  it('whoever edited the flow version the run runs cannot approve it; another reviewer can', async () => {
    const { taskId, runId } = await pausedRun({}, { author: people.rita.id });
    expect((await refusal(decideTask(t.sql, taskId, { action: 'approve' }, people.rita)))?.code).toBe('self-approval');
    expect((await refusal(decideTask(t.sql, taskId, { action: 'edit', output: { label: 'yes', c: 1 } }, people.rita)))?.code).toBe('self-approval');
    await decideTask(t.sql, taskId, { action: 'approve' }, people.rob);
    expect(await eventually(() => runRow(runId), finished)).toMatchObject({ status: 'succeeded' });
  });

  it('past the first deadline the task moves to the second tier (new assignee and deadline, claim dropped)', async () => {
    const { taskId } = await pausedRun({ deadlineMs: 3000, secondTier: { role: 'admin', deadlineMs: 3_600_000 } });
    await claimTask(t.sql, taskId, people.rita);
    const row = await eventually(
      async () => (await t.sql<{ tier: number; assignee_role: string | null; claimed_by: string | null; deadline: string }[]>`select tier, assignee_role, claimed_by, deadline from review_tasks where id = ${taskId}`)[0],
      (r) => r?.tier === 2,
      15_000,
    );
    expect(row).toMatchObject({ tier: 2, assignee_role: 'admin', claimed_by: null });
    expect(new Date(row!.deadline).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect((await listInbox(t.sql, parseInboxFilters({ assigned: 'my-role' }), people.ada)).map((i) => i.id)).toContain(taskId);
  });

  it('a Human review step creates a review-step task; an edit must fit its form, and becomes the step output', async () => {
    const form = { type: 'object', required: ['city'], properties: { city: { type: 'string', minLength: 2 } } };
    const def = flow()
      .webhook('t')
      .step('check', 'human-review', { instructions: 'Is the city right?', show: '{{ input.address }}', form })
      .step('out', 'output', { value: '{{ input.city }}' })
      .chain('t', 'check', 'out')
      .build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const prepared = await getPreparedVersion(t.sql, versionId);
    const r = startRun(worker.engine, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: { address: { city: 'Lyn' } } } });
    expect((await r.settled).status).toBe('waiting');
    const [task] = await t.sql<{ id: string; kind: string; proposed_output: unknown }[]>`select id, kind, proposed_output from review_tasks where run_id = ${r.runId}`;
    expect(task).toMatchObject({ kind: 'review-step', proposed_output: { city: 'Lyn' } });
    expect((await loadTaskView(t.sql, task!.id))?.step).toMatchObject({ type: 'human-review', instructions: 'Is the city right?', outputSchema: form });
    expect((await refusal(decideTask(t.sql, task!.id, { action: 'edit', output: { city: 'L' } }, people.rita)))?.fieldErrors).toEqual({ city: ['must NOT have fewer than 2 characters'] });
    await decideTask(t.sql, task!.id, { action: 'edit', output: { city: 'Lyon' } }, people.rita);
    expect(await eventually(() => runRow(r.runId), finished)).toMatchObject({ status: 'succeeded', output: 'Lyon' });
    const [ev] = await t.sql<{ data: unknown }[]>`select data from run_events where run_id = ${r.runId} and type = 'ReviewResolved'`;
    expect(ev?.data).toEqual({ action: 'edit', actor: people.rita.id, kind: 'review-step', edited: true });
  });
});
