import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertUser } from '@/db/queries/users';
import { flow } from '@/lib/engine/testing/flow-builder';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { createApiToken } from './tokens';
import * as startRoute from '@/app/api/v1/flows/[id]/runs/route';
import * as resolveRoute from '@/app/api/v1/reviews/[id]/resolve/route';

let t: TestDb;
let worker: WorkerRuntime;
let token: string;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the route handlers use the process-wide pool
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  const user = (await insertUser(t.db, { email: 'bodies@example.com', name: 'B', passwordHash: 'x', roles: ['admin'] }))!.id;
  token = (await createApiToken(t.db, user, 'bodies', ['runs:write', 'reviews:write'])).token;
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

const post = (body: string) => new Request('http://localhost/x', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const deep = `{"input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

describe('/api/v1 bodies', () => {
  it('100,000-deep JSON is a 400 naming the depth limit, and starts no run', async () => {
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').step('o', 'output', { value: '{{ input }}' }).chain('t', 'o').build());
    const res = await startRoute.POST(post(deep), params(flowId));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'The JSON body is nested deeper than 64 levels; flatten it' });
    const review = await resolveRoute.POST(post(`{"action":"edit","output":${deep}}`), params('00000000-0000-0000-0000-000000000000'));
    expect(review.status).toBe(400);
    expect((await t.sql`select count(*)::int as n from runs`)[0]?.n).toBe(0);
  });

  it('an oversized body is a 413 that closes the connection', async () => {
    const { flowId } = await insertPublishedFlow(t.db, flow().webhook('t').build());
    const res = await startRoute.POST(post(`{"input":"${'a'.repeat(1024 * 1024)}"}`), params(flowId));
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ error: 'The request body is larger than 1048576 bytes' });
    expect((await t.sql`select count(*)::int as n from runs`)[0]?.n).toBe(0);
  });
});
