import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser } from '@/db/queries/users';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { createApiToken } from './tokens';
import * as startRoute from '@/app/api/v1/flows/[id]/runs/route';
import * as getRoute from '@/app/api/v1/runs/[id]/route';
import * as waitingRoute from '@/app/api/v1/runs/waiting/route';
import * as listRoute from '@/app/api/v1/reviews/route';
import * as claimRoute from '@/app/api/v1/reviews/[id]/claim/route';
import * as releaseRoute from '@/app/api/v1/reviews/[id]/release/route';
import * as resolveRoute from '@/app/api/v1/reviews/[id]/resolve/route';

let t: TestDb;
let worker: WorkerRuntime;
const tokens: Record<'analyst' | 'rita' | 'rob', string> = {} as never;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the route handlers use the process-wide pool
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  const analyst = (await insertUser(t.db, { email: 'rv-analyst@example.com', name: 'Alan', passwordHash: 'x', roles: ['analyst'] }))!.id;
  tokens.analyst = (await createApiToken(t.db, analyst, 'a', ['runs:read', 'runs:write', 'reviews:read'])).token;
  for (const who of ['rita', 'rob'] as const) {
    const id = (await insertUser(t.db, { email: `rv-${who}@example.com`, name: who === 'rita' ? 'Rita' : 'Rob', passwordHash: 'x', roles: ['reviewer'] }))!.id;
    tokens[who] = (await createApiToken(t.db, id, who, ['runs:read', 'reviews:read', 'reviews:write'])).token;
  }
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

const req = (token: string, method = 'GET', body?: unknown, url = 'http://localhost/x') =>
  new Request(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const contract = { output: { type: 'object', required: ['c'], properties: { c: { type: 'number', maximum: 1 } } } };
const policy = { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Low score', deadlineMs: 3_600_000, onTimeout: 'fail' as const, priority: 'high' as const } };

describe('/api/v1 review tasks and waiting runs', () => {
  it('lists the queue and waiting runs, claims, refuses others and bad edits with reasons, decides once', async () => {
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').step('x', 'code', { code: 'return { c: 0.1 }' }, { policy, contract }).chain('t', 'x').build(), { name: 'Scoring API flow' });
    const runId = ((await (await startRoute.POST(req(tokens.analyst, 'POST', {}), params(flowId))).json()) as { runId: string }).runId;

    const waiting = await eventually(async () => (await (await waitingRoute.GET(req(tokens.rita))).json()) as { runs: { id: string; flowName: string; openReviewTasks: string[] }[] }, (x) => x.runs.some((r) => r.id === runId && r.openReviewTasks.length === 1));
    const taskId = waiting.runs.find((r) => r.id === runId)!.openReviewTasks[0]!;
    expect(waiting.runs.find((r) => r.id === runId)?.flowName).toBe('Scoring API flow');
    expect((await waitingRoute.GET(req(tokens.rita, 'GET', undefined, 'http://localhost/x?limit=0'))).status).toBe(400);

    const listed = (await (await listRoute.GET(req(tokens.rita, 'GET', undefined, 'http://localhost/x?priority=high&q=Scoring'))).json()) as { tasks: { id: string; priority: string; state: string; reason: string }[] };
    expect(listed.tasks).toEqual([expect.objectContaining({ id: taskId, priority: 'high', state: 'open', reason: expect.stringContaining('Low score') })]);
    expect((await listRoute.GET(req(tokens.analyst))).status).toBe(403); // the scope is there, the role is not

    expect((await claimRoute.POST(req(tokens.rita, 'POST'), params(taskId))).status).toBe(200);
    const taken = await claimRoute.POST(req(tokens.rob, 'POST'), params(taskId));
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({ error: 'Rita already holds this task.', code: 'claimed' });
    expect((await resolveRoute.POST(req(tokens.rob, 'POST', { action: 'approve' }), params(taskId))).status).toBe(409);
    expect((await releaseRoute.POST(req(tokens.rob, 'POST'), params(taskId))).status).toBe(409);

    const badEdit = await resolveRoute.POST(req(tokens.rita, 'POST', { action: 'edit', output: { c: 7 } }), params(taskId));
    expect(badEdit.status).toBe(400);
    expect(await badEdit.json()).toMatchObject({ fieldErrors: { c: ['must be <= 1'] } });
    expect((await claimRoute.POST(req(tokens.rita, 'POST'), params('not-an-id'))).status).toBe(400);
    expect((await claimRoute.POST(req(tokens.rita, 'POST'), params('00000000-0000-4000-8000-000000000000'))).status).toBe(404);

    const ok = await resolveRoute.POST(req(tokens.rita, 'POST', { action: 'edit', output: { c: 1 } }), params(taskId));
    expect(await ok.json()).toEqual({ taskId, runId, status: 'resolved' });
    expect((await eventually(async () => (await (await getRoute.GET(req(tokens.rita), params(runId))).json()) as { status: string }, (x) => x.status === 'succeeded')).status).toBe('succeeded');
    const again = await resolveRoute.POST(req(tokens.rob, 'POST', { action: 'reject' }), params(taskId));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('decided');
    expect(((await (await waitingRoute.GET(req(tokens.rita))).json()) as { runs: { id: string }[] }).runs.map((r) => r.id)).not.toContain(runId);
  });

  it('a run started with an API token is its owner’s: that token cannot approve the run’s review (409 self-approval)', async () => {
    const sam = (await insertUser(t.db, { email: 'rv-sam@example.com', name: 'Sam', passwordHash: 'x', roles: ['analyst', 'reviewer'] }))!.id;
    const token = (await createApiToken(t.db, sam, 'sam', ['runs:read', 'runs:write', 'reviews:read', 'reviews:write'])).token;
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').step('x', 'code', { code: 'return { c: 0.1 }' }, { policy, contract }).chain('t', 'x').build());
    const runId = ((await (await startRoute.POST(req(token, 'POST', {}), params(flowId))).json()) as { runId: string }).runId;
    expect((await t.sql`select started_by from runs where id = ${runId}`)[0]).toEqual({ started_by: sam });
    const [task] = await eventually(() => t.sql<{ id: string }[]>`select id from review_tasks where run_id = ${runId}`, (r) => r.length === 1);
    const own = await resolveRoute.POST(req(token, 'POST', { action: 'approve' }), params(task!.id));
    expect(own.status).toBe(409);
    expect(((await own.json()) as { code: string }).code).toBe('self-approval');
    expect((await resolveRoute.POST(req(tokens.rob, 'POST', { action: 'approve' }), params(task!.id))).status).toBe(200);
  });
});
