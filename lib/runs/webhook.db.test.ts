import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flows } from '@/db/schema';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { sealFlowSecrets } from '@/lib/crypto/seal-flow-secrets';
import { startTestListen } from '@/db/queries/webhook-test-listens';
import { startFastServer } from '@/lib/server/fast-server';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

let t: TestDb;
let worker: WorkerRuntime;
let server: Server;
let base: string;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 5).toString('base64');
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  server = await startFastServer(0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hooks`;
});
afterAll(async () => {
  server.close();
  await worker.stop();
  await t.drop();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const echo = (trigger: Record<string, unknown> = {}) => flow().webhook('t', trigger).set('s', { count: '{{ input.count + 1 }}' }).step('r', 'respond', { status: 201, headers: { 'x-from': 'baton' } }).chain('t', 's', 'r').build();

describe('webhook trigger over real HTTP', () => {
  it('sync mode answers from the Respond step, with its status and headers', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, echo());
    const res = await post(`${base}/${webhookKey}`, '{"count": 1}');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-from')).toBe('baton');
    expect(await res.json()).toEqual({ count: 2 });
    const runId = res.headers.get('x-baton-run-id')!;
    const [run] = await t.sql<{ status: string; is_test: boolean }[]>`select status, is_test from runs where id = ${runId}`;
    expect(run).toEqual({ status: 'succeeded', is_test: false });
  });

  it('async mode answers 202 with the run id once the run is committed', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, echo({ mode: 'async' }));
    const res = await post(`${base}/${webhookKey}`, '{"count": 1}');
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const [row] = await t.sql`select id from runs where id = ${runId}`;
    expect(row).toBeDefined();
    const done = await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where id = ${runId}`)[0], (r) => r?.status === 'succeeded');
    expect(done?.status).toBe('succeeded');
  });

  it('refuses bad JSON and bodies that do not match the schema with 400 and reasons', async () => {
    const schema = { type: 'object', required: ['count'], properties: { count: { type: 'number' } } };
    const { webhookKey } = await insertPublishedFlow(t.db, echo({ bodySchema: schema }));
    const bad = await post(`${base}/${webhookKey}`, '{"count": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const wrong = await post(`${base}/${webhookKey}`, '{"count": "x"}');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ reasons: ['body.count must be number'] });
    expect((await t.sql`select count(*)::int as n from runs`)[0]?.n).toBe(2);
  });

  it('checks a header token and an HMAC signature, stored encrypted', async () => {
    const tokenFlow = sealFlowSecrets(echo({ auth: { kind: 'header', header: 'x-baton-token', token: 'let-me-in-please' } }));
    expect(JSON.stringify(tokenFlow)).not.toContain('let-me-in-please');
    const { webhookKey } = await insertPublishedFlow(t.db, tokenFlow);
    expect((await post(`${base}/${webhookKey}`, '{"count":1}')).status).toBe(401);
    expect((await post(`${base}/${webhookKey}`, '{"count":1}', { 'x-baton-token': 'nope-nope-nope' })).status).toBe(401);
    expect((await post(`${base}/${webhookKey}`, '{"count":1}', { 'x-baton-token': 'let-me-in-please' })).status).toBe(201);

    const hmac = await insertPublishedFlow(t.db, sealFlowSecrets(echo({ auth: { kind: 'hmac', header: 'x-baton-signature', secret: 'shared-secret-1' } })));
    const body = '{"count":5}';
    const sig = `sha256=${createHmac('sha256', 'shared-secret-1').update(body).digest('hex')}`;
    expect((await post(`${base}/${hmac.webhookKey}`, body, { 'x-baton-signature': sig })).status).toBe(201);
    const forged = await post(`${base}/${hmac.webhookKey}`, '{"count":6}', { 'x-baton-signature': sig });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: string }).error).toMatch(/Bad signature/);
  });

  it('the production URL of an inactive flow is 404; its test URL, while listened on, runs the draft as a test run', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, echo(), { active: false });
    const draft = flow().webhook('t').step('r', 'respond', { body: 'draft says hi' }).chain('t', 'r').build();
    await t.db.update(flows).set({ draft }).where(eq(flows.id, flowId));
    const prod = await post(`${base}/${webhookKey}`, '{}');
    expect(prod.status).toBe(404);
    expect(((await prod.json()) as { error: string }).error).toBe('No flow listens at this webhook URL');
    await startTestListen(t.sql, flowId, null);
    const test = await post(`${base}/${webhookKey}/test`, '{}');
    expect(test.status).toBe(200);
    expect(await test.text()).toBe('draft says hi');
    const [run] = await t.sql<{ is_test: boolean }[]>`select is_test from runs where id = ${test.headers.get('x-baton-run-id')!}`;
    expect(run?.is_test).toBe(true);
    expect((await post(`${base}/unknownkey123456`, '{}')).status).toBe(404);
  });

  it('a failing run answers 500 with the failing step and message, never a stack', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, flow().webhook('t').step('boom', 'code', { code: 'throw new Error("no stock")' }).chain('t', 'boom').build());
    const res = await post(`${base}/${webhookKey}`, '{}');
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'failed', error: { stepId: 'boom', message: 'Error: no stock' } });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
