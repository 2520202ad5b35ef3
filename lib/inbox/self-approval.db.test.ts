import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser } from '@/db/queries/users';
import { saveDraft, takeDraftEditors } from '@/db/queries/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { launch } from '@/lib/runs/launch';
import { decideTask } from './decide';
import { InboxError } from './errors';

let t: TestDb;
let worker: WorkerRuntime;
const people: Record<'rita' | 'rob' | 'ada', { id: string; roles: string[] }> = {} as never;

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  for (const [key, roles] of [['rita', ['reviewer', 'analyst']], ['rob', ['reviewer', 'analyst']], ['ada', ['admin']]] as const) {
    const u = await insertUser(t.db, { email: `${key}@example.com`, name: key, passwordHash: null, roles: [...roles] });
    people[key] = { id: u!.id, roles: [...roles] };
  }
});

afterAll(async () => {
  await worker.stop();
  await t.drop();
});

const reviewFlow = () => flow().webhook('t').step('check', 'human-review', { instructions: 'Check it', show: '{{ input }}' }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'check', 'o').build();
const taskOf = (runId: string) =>
  eventually(
    async () => (await t.sql<{ id: string }[]>`select t.id from review_tasks t join runs r on r.id = t.run_id where r.id = ${runId} or r.parent_run_id = ${runId}`)[0],
    (row) => row !== undefined,
  );
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof InboxError ? e : Promise.reject(e)));
const runStatus = async (id: string) => (await t.sql<{ status: string }[]>`select status from runs where id = ${id}`)[0]?.status;

describe('self-approval', () => {
  it('whoever started a run (the launcher records them) cannot approve its review; someone else can', async () => {
    const { flowId } = await insertPublishedFlow(t.db, reviewFlow());
    const run = await launch(worker.engine, { flowId, version: { kind: 'active' }, payload: { kind: 'api', body: { n: 1 } }, startedBy: people.rita.id });
    expect((await t.sql`select started_by from runs where id = ${run.runId}`)[0]).toEqual({ started_by: people.rita.id });
    const task = await taskOf(run.runId);
    const refused = await refusal(decideTask(t.sql, task!.id, { action: 'approve' }, people.rita));
    expect(refused?.code).toBe('self-approval');
    expect(refused?.message).toBe('You started this run or edited the flow version it runs, so you cannot approve it: another reviewer must.');
    expect((await refusal(decideTask(t.sql, task!.id, { action: 'edit', output: { n: 2 } }, people.rita)))?.code).toBe('self-approval');
    // A rejection is not an approval: the starter may still stop their own run.
    expect((await t.sql`select status from review_tasks where id = ${task!.id}`)[0]).toEqual({ status: 'open' });
    await decideTask(t.sql, task!.id, { action: 'approve' }, people.rob);
    expect(await eventually(() => runStatus(run.runId), (s) => s === 'succeeded')).toBe('succeeded');
  });

  it('a run started by a webhook or schedule has no starter: nobody is blocked for starting it', async () => {
    const { flowId } = await insertPublishedFlow(t.db, reviewFlow());
    const run = await launch(worker.engine, { flowId, version: { kind: 'active' }, payload: { kind: 'webhook', body: {} } });
    expect((await t.sql`select started_by from runs where id = ${run.runId}`)[0]).toEqual({ started_by: null });
    const task = await taskOf(run.runId);
    expect(await decideTask(t.sql, task!.id, { action: 'approve' }, people.rita)).toMatchObject({ status: 'resolved' });
  });

  it('whoever edited the draft a test run runs cannot approve it, nor can its starter; a third person can', async () => {
    const { flowId } = await insertPublishedFlow(t.db, reviewFlow());
    const draft = reviewFlow();
    draft.steps.find((s) => s.id === 'check')!.config = { instructions: 'Check it twice', show: '{{ input }}' };
    expect(await saveDraft(t.db, flowId, draft, 'force', people.rita.id)).toBeGreaterThan(1);
    const run = await launch(worker.engine, { flowId, version: { kind: 'draft' }, payload: { kind: 'manual', body: {} }, startedBy: people.rob.id });
    const task = await taskOf(run.runId);
    expect((await refusal(decideTask(t.sql, task!.id, { action: 'approve' }, people.rita)))?.code).toBe('self-approval');
    expect((await refusal(decideTask(t.sql, task!.id, { action: 'approve' }, people.rob)))?.code).toBe('self-approval');
    expect(await decideTask(t.sql, task!.id, { action: 'approve' }, people.ada)).toMatchObject({ status: 'resolved' });
    // Publishing takes the draft's editors into the new version; the next version starts with none.
    expect(await takeDraftEditors(t.db, flowId)).toEqual([people.rita.id]);
    expect(await takeDraftEditors(t.db, flowId)).toEqual([]);
  });

  it('a review inside a child run of a call-flow step: the parent run’s starter cannot approve it', async () => {
    const child = await insertPublishedFlow(t.db, reviewFlow());
    const parentDef = flow().webhook('t').step('call', 'call-flow', { flowId: child.flowId, mode: 'once', input: '{{ input }}' }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'call', 'o').build();
    const { flowId } = await insertPublishedFlow(t.db, parentDef);
    const parent = await launch(worker.engine, { flowId, version: { kind: 'active' }, payload: { kind: 'api', body: { n: 3 } }, startedBy: people.rob.id });
    const task = await taskOf(parent.runId);
    expect((await refusal(decideTask(t.sql, task!.id, { action: 'approve' }, people.rob)))?.code).toBe('self-approval');
    await decideTask(t.sql, task!.id, { action: 'approve' }, people.rita);
    expect(await eventually(() => runStatus(parent.runId), (s) => s === 'succeeded')).toBe('succeeded');
  });
});
