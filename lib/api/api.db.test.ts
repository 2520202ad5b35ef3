import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser, updateUser } from '@/db/queries/users';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { createApiToken, revokeApiToken } from './tokens';
import * as startRoute from '@/app/api/v1/flows/[id]/runs/route';
import * as listRoute from '@/app/api/v1/runs/route';
import * as getRoute from '@/app/api/v1/runs/[id]/route';
import * as cancelRoute from '@/app/api/v1/runs/[id]/cancel/route';
import * as resolveRoute from '@/app/api/v1/reviews/[id]/resolve/route';

let t: TestDb;
let worker: WorkerRuntime;
let analyst: string;
let reviewer: string;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the route handlers use the process-wide pool
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  analyst = (await insertUser(t.db, { email: 'api-analyst@example.com', name: 'A', passwordHash: 'x', roles: ['analyst'] }))!.id;
  reviewer = (await insertUser(t.db, { email: 'api-reviewer@example.com', name: 'R', passwordHash: 'x', roles: ['reviewer'] }))!.id;
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

const req = (token: string, method = 'GET', body?: unknown, url = 'http://localhost/x') =>
  new Request(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const echo = flow().webhook('t').set('s', { doubled: '{{ input.n * 2 }}' }).step('o', 'output', { value: '{{ input.doubled }}' }).chain('t', 's', 'o').build();

describe('/api/v1 with API tokens', () => {
  it('starts a run of the active version, reads it back, and pages through the history', async () => {
    const { token } = await createApiToken(t.db, analyst, 'ci', ['runs:read', 'runs:write']);
    const { flowId } = await insertPublishedFlow(t.db, echo);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await startRoute.POST(req(token, 'POST', { input: { n } }), params(flowId));
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { runId: string }).runId);
    }
    const run = await eventually(async () => (await (await getRoute.GET(req(token), params(ids[2]!))).json()) as { status: string; output: unknown; steps: unknown[] }, (r) => r.status === 'succeeded');
    expect(run).toMatchObject({ status: 'succeeded', output: 6 });
    expect(run.steps).toHaveLength(3);

    const first = (await (await listRoute.GET(req(token, 'GET', undefined, `http://localhost/api/v1/runs?flowId=${flowId}&limit=2`))).json()) as { runs: { id: string }[]; nextCursor: string };
    expect(first.runs).toHaveLength(2);
    const second = (await (await listRoute.GET(req(token, 'GET', undefined, `http://localhost/api/v1/runs?flowId=${flowId}&limit=2&cursor=${first.nextCursor}`))).json()) as { runs: { id: string }[]; nextCursor: string | null };
    expect([...first.runs, ...second.runs].map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(second.nextCursor).toBeNull();
  });

  it('enforces scopes, roles, revocation and disabled users', async () => {
    const { flowId } = await insertPublishedFlow(t.db, echo);
    const readOnly = await createApiToken(t.db, analyst, 'ro', ['runs:read']);
    expect((await startRoute.POST(req(readOnly.token, 'POST', {}), params(flowId))).status).toBe(403);
    const rev = await createApiToken(t.db, reviewer, 'rev', ['runs:write']);
    expect((await startRoute.POST(req(rev.token, 'POST', {}), params(flowId))).status).toBe(403);
    const live = await createApiToken(t.db, analyst, 'live', ['runs:read']);
    expect((await listRoute.GET(req(live.token))).status).toBe(200);
    await revokeApiToken(t.db, analyst, live.id);
    expect((await listRoute.GET(req(live.token))).status).toBe(401);
    const other = await createApiToken(t.db, analyst, 'other', ['runs:read']);
    await updateUser(t.db, analyst, { disabled: true });
    expect((await listRoute.GET(req(other.token))).status).toBe(401);
    await updateUser(t.db, analyst, { disabled: false });
    expect((await listRoute.GET(req(other.token))).status).toBe(200);
  });

  it('bad input gets 4xx with reasons, never a 500', async () => {
    const { token } = await createApiToken(t.db, analyst, 'x', ['runs:read', 'runs:write']);
    const { flowId } = await insertPublishedFlow(t.db, echo, { active: false });
    const inactive = await startRoute.POST(req(token, 'POST', {}), params(flowId));
    expect(inactive.status).toBe(409);
    expect(((await inactive.json()) as { error: string }).error).toMatch(/not active/);
    expect((await startRoute.POST(req(token, 'POST', { test: 'yes' }), params(flowId))).status).toBe(400);
    expect((await getRoute.GET(req(token), params('nope'))).status).toBe(400);
    expect((await listRoute.GET(req(token, 'GET', undefined, 'http://localhost/api/v1/runs?limit=5000'))).status).toBe(400);
    const test = await startRoute.POST(req(token, 'POST', { test: true, input: { n: 4 } }), params(flowId));
    expect(test.status).toBe(202);
  });

  it('an input that does not match the trigger\'s schema is refused with 400 and reasons, before any run exists', async () => {
    const { token } = await createApiToken(t.db, analyst, 'schema', ['runs:read', 'runs:write']);
    const typed = flow().step('t', 'manual-trigger', { inputSchema: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } }).set('s', { doubled: '{{ input.n * 2 }}' }).chain('t', 's').build();
    const { flowId } = await insertPublishedFlow(t.db, typed);
    const res = await startRoute.POST(req(token, 'POST', { input: { n: 'four' } }), params(flowId));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reasons: ['input.n must be number'] });
    const missing = await startRoute.POST(req(token, 'POST', { input: {} }), params(flowId));
    expect(await missing.json()).toMatchObject({ reasons: ['input.n is required'] });
    expect(await t.sql`select 1 from runs where flow_id = ${flowId}`).toHaveLength(0);
    expect((await startRoute.POST(req(token, 'POST', { input: { n: 4 } }), params(flowId))).status).toBe(202);
  });

  it('a reviewer resolves an escalation and an analyst cancels a waiting run', async () => {
    const policy = { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'check', deadlineMs: 3_600_000, onTimeout: 'fail' as const } };
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').step('x', 'code', { code: 'return { c: 0.1 }' }, { policy }).chain('t', 'x').build());
    const a = await createApiToken(t.db, analyst, 'a', ['runs:read', 'runs:write']);
    const r = await createApiToken(t.db, reviewer, 'r', ['runs:read', 'reviews:write']);
    const start = async () => ((await (await startRoute.POST(req(a.token, 'POST', {}), params(flowId))).json()) as { runId: string }).runId;
    const waiting = (id: string) => eventually(async () => (await (await getRoute.GET(req(r.token), params(id))).json()) as { status: string; openReviews: { id: string }[] }, (x) => x.openReviews.length > 0);

    const one = await start();
    const task = (await waiting(one)).openReviews[0]!.id;
    expect((await resolveRoute.POST(req(a.token, 'POST', { action: 'approve' }), params(task))).status).toBe(403);
    expect((await resolveRoute.POST(req(r.token, 'POST', { action: 'approve' }), params(task))).status).toBe(200);
    expect((await eventually(async () => (await (await getRoute.GET(req(r.token), params(one))).json()) as { status: string }, (x) => x.status === 'succeeded')).status).toBe('succeeded');
    expect((await resolveRoute.POST(req(r.token, 'POST', { action: 'approve' }), params(task))).status).toBe(409);

    const two = await start();
    await waiting(two);
    expect((await cancelRoute.POST(req(a.token, 'POST'), params(two))).status).toBe(202);
    expect((await eventually(async () => (await (await getRoute.GET(req(r.token), params(two))).json()) as { status: string }, (x) => x.status === 'cancelled')).status).toBe('cancelled');
  });

  it('a reviewer may fail the step with a reason (the decision the engine knows, now accepted by the API)', async () => {
    const policy = { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'check', deadlineMs: 3_600_000, onTimeout: 'fail' as const } };
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').step('x', 'code', { code: 'return { c: 0.1 }' }, { policy }).chain('t', 'x').build());
    const a = await createApiToken(t.db, analyst, 'a2', ['runs:read', 'runs:write']);
    const r = await createApiToken(t.db, reviewer, 'r2', ['runs:read', 'reviews:write']);
    const runId = ((await (await startRoute.POST(req(a.token, 'POST', {}), params(flowId))).json()) as { runId: string }).runId;
    const task = (await eventually(async () => (await (await getRoute.GET(req(r.token), params(runId))).json()) as { openReviews: { id: string }[] }, (x) => x.openReviews.length > 0)).openReviews[0]!.id;

    const bare = await resolveRoute.POST(req(r.token, 'POST', { action: 'fail' }), params(task));
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toContain('"fail"');
    expect((await resolveRoute.POST(req(r.token, 'POST', { action: 'fail', reason: 'the address is fake' }), params(task))).status).toBe(200);
    const run = await eventually(async () => (await (await getRoute.GET(req(r.token), params(runId))).json()) as { status: string; error: { message?: string } | null }, (x) => x.status === 'failed');
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('the address is fake');
    const audit = await t.sql`select actor_id, action, target, details from audit_log where target = ${task}`;
    expect(audit).toEqual([{ actor_id: reviewer, action: 'review.resolve', target: task, details: { runId, stepId: 'x', action: 'fail', kind: 'escalation', edited: false, reason: 'the address is fake' } }]);
  });
});
