import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { sealFlowSecrets } from '@/lib/crypto/seal-flow-secrets';
import { getTestListen, startTestListen, stopTestListen } from '@/db/queries/webhook-test-listens';
import { eq } from 'drizzle-orm';
import { flows } from '@/db/schema';
import { startFastServer } from '@/lib/server/fast-server';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

let t: TestDb;
let worker: WorkerRuntime;
let server: Server;
let port: number;
let base: string;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 6).toString('base64');
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  server = await startFastServer(0, '127.0.0.1');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}/api/hooks`;
});
afterAll(async () => {
  server.close();
  await worker.stop();
  await t.drop();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const answer = (trigger: Record<string, unknown> = {}) => flow().webhook('t', trigger).step('r', 'respond', { status: 200, body: '{{ trigger.body }}' }).chain('t', 'r').build();
const triggerText = async (runId: string) => JSON.stringify((await t.sql`select trigger from runs where id = ${runId}`)[0]?.trigger);

describe('the header a webhook authenticates with is never stored', () => {
  it('a token in a custom header is kept out of the run', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, sealFlowSecrets(answer({ auth: { kind: 'header', header: 'X-Hook-Key', token: 'custom-hook-token-4711' } })));
    const res = await post(`${base}/${webhookKey}`, '{"a":1}', { 'x-hook-key': 'custom-hook-token-4711', 'x-other': 'kept' });
    expect(res.status).toBe(200);
    const stored = await triggerText(res.headers.get('x-baton-run-id')!);
    expect(stored).toContain('"x-other":"kept"');
    expect(stored).not.toContain('custom-hook-token-4711');
    expect(stored).not.toContain('x-hook-key');
  });

  it('an HMAC signature header is kept out of the run', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, sealFlowSecrets(answer({ auth: { kind: 'hmac', header: 'X-Sig', secret: 'hmac-secret-0815' } })));
    const body = '{"a":2}';
    const sig = `sha256=${createHmac('sha256', 'hmac-secret-0815').update(body).digest('hex')}`;
    const res = await post(`${base}/${webhookKey}`, body, { 'x-sig': sig });
    expect(res.status).toBe(200);
    expect(await triggerText(res.headers.get('x-baton-run-id')!)).not.toContain(sig.slice(7));
  });
});

describe('webhook methods', () => {
  it('a GET to a POST webhook is 405 with a JSON body and an Allow header, and starts no run', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, answer());
    const res = await fetch(`${base}/${webhookKey}?a=1`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({ error: 'This webhook accepts POST requests only' });
    expect((await t.sql`select count(*)::int as n from runs where flow_id = ${flowId}`)[0]?.n).toBe(0);
  });

  it('a webhook set to GET runs on GET (query in trigger.query) and refuses POST', async () => {
    const doc = flow().webhook('t', { method: 'GET' }).step('r', 'respond', { body: '{{ trigger.query.q }}' }).chain('t', 'r').build();
    const { webhookKey } = await insertPublishedFlow(t.db, doc);
    const res = await fetch(`${base}/${webhookKey}?q=hello`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
    const refused = await post(`${base}/${webhookKey}`, '{}');
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET');
  });
});

/** Status, headers (but the date) and body, to compare two answers byte for byte. */
async function shape(res: Response) {
  const headers = Object.fromEntries([...res.headers].filter(([k]) => k !== 'date'));
  return { status: res.status, headers, body: await res.text() };
}

describe('a webhook URL does not tell a valid key from an unknown one', () => {
  it('the production URL of an inactive flow answers exactly as an unknown key does', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, answer(), { active: false });
    const unknown = await shape(await post(`${base}/unknownkey123456`, '{}'));
    expect(unknown.status).toBe(404);
    expect(await shape(await post(`${base}/${webhookKey}`, '{}'))).toEqual(unknown);
  });

  it('a test URL nobody listens on answers exactly as an unknown key does, and runs nothing', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, answer());
    const unknown = await shape(await post(`${base}/unknownkey123456/test`, '{}'));
    expect(await shape(await post(`${base}/${webhookKey}/test`, '{}'))).toEqual(unknown);
    expect((await t.sql`select count(*)::int as n from runs where flow_id = ${flowId}`)[0]?.n).toBe(0);
  });
});

describe('the test URL listens only while the editor does, for one event', () => {
  it('runs the draft once while listening, records the captured run, then is a 404 again', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, answer(), { active: false });
    await t.db.update(flows).set({ draft: flow().webhook('t').step('r', 'respond', { body: 'draft says hi' }).chain('t', 'r').build() }).where(eq(flows.id, flowId));
    const unknown = await shape(await post(`${base}/unknownkey123456/test`, '{}'));
    const listen = await startTestListen(t.sql, flowId, null);
    expect(Date.parse(listen!.listeningUntil!) - Date.now()).toBeGreaterThan(110_000);

    const [a, b] = await Promise.all([post(`${base}/${webhookKey}/test`, '{"n":1}'), post(`${base}/${webhookKey}/test`, '{"n":2}')]);
    const won = a.status === 200 ? a : b;
    const lost = a.status === 200 ? b : a;
    expect(won.status).toBe(200);
    expect(await won.text()).toBe('draft says hi');
    expect(await shape(lost)).toEqual(unknown);
    const runId = won.headers.get('x-baton-run-id')!;
    const [run] = await t.sql<{ is_test: boolean }[]>`select is_test from runs where id = ${runId}`;
    expect(run?.is_test).toBe(true);
    expect(await getTestListen(t.sql, flowId)).toMatchObject({ listeningUntil: null, capturedRunId: runId });
    expect(await shape(await post(`${base}/${webhookKey}/test`, '{}'))).toEqual(unknown);
  });

  it('stops listening when stopped, and when its time is up', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, answer());
    const unknown = await shape(await post(`${base}/unknownkey123456/test`, '{}'));
    await startTestListen(t.sql, flowId, null);
    await stopTestListen(t.sql, flowId);
    expect(await shape(await post(`${base}/${webhookKey}/test`, '{}'))).toEqual(unknown);
    await startTestListen(t.sql, flowId, null, 0);
    expect(await shape(await post(`${base}/${webhookKey}/test`, '{}'))).toEqual(unknown);
    expect((await t.sql`select count(*)::int as n from runs where flow_id = ${flowId}`)[0]?.n).toBe(0);
  });
});

/** One request on a given agent; resolves with status, headers and body. */
function request(agent: http.Agent, path: string, body: string | Buffer) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile bodies', () => {
  it('100,000-deep JSON is refused with 400 naming the limit, and nothing is stored', async () => {
    const { webhookKey, flowId } = await insertPublishedFlow(t.db, answer());
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await post(`${base}/${webhookKey}`, deep);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/nested deeper than 64 levels/);
    const ok = await post(`${base}/${webhookKey}`, `${'{"a":'.repeat(60)}1${'}'.repeat(60)}`);
    expect(ok.status).toBe(200);
    expect((await t.sql`select count(*)::int as n from runs where flow_id = ${flowId}`)[0]?.n).toBe(1);
  });

  it('after a 413 the connection is closed, so the next request does not wait on it', async () => {
    const { webhookKey } = await insertPublishedFlow(t.db, answer());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await request(agent, `/api/hooks/${webhookKey}`, Buffer.alloc(1024 * 1024 + 10, 'a'));
      expect(big.status).toBe(413);
      expect(big.headers.connection).toBe('close');
      expect(JSON.parse(big.body)).toEqual({ error: 'The request body is larger than 1048576 bytes' });
      const started = Date.now();
      const next = await request(agent, `/api/hooks/${webhookKey}`, '{"a":1}');
      expect(next.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
