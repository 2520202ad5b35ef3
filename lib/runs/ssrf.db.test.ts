import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import { seal } from '@/lib/crypto/secret-box';
import type { FlowInput } from '@/lib/workflow/types';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

// The outbound guard end to end: HTTP steps and the error webhook of real runs, on real Postgres,
// against loopback listeners. Only `api` and `origin` are listed (host:port); `hidden` on
// 127.0.0.1 and `hidden2` on 127.0.0.2 are not, and must never see a connection.
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let t: TestDb;
let worker: WorkerRuntime;
let api: Server, origin: Server, hidden: Server, hidden2: Server;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString('base64');
  api = await loopbackServer((_c, res) => json(res, 200, { ok: true }));
  origin = await loopbackServer((call, res) => res.writeHead(302, { location: decodeURIComponent(call.url.slice('/to/'.length)) }).end());
  hidden = await loopbackServer((_c, res) => json(res, 200, { leaked: true }));
  hidden2 = await loopbackServer((_c, res) => json(res, 200, { leaked: true }), '127.0.0.2');
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${api.port},127.0.0.1:${origin.port}`;
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
  await Promise.all([api, origin, hidden, hidden2].map((s) => s.close()));
});

type Row = { status: string; error: { kind: string; message: string; stepId?: string } | null };
const finished = (id: string) => eventually(async () => (await t.sql<Row[]>`select status, error from runs where id = ${id}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
const runOf = async (def: FlowInput) => {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
  await run.firstCommit;
  return { runId: run.runId, end: await finished(run.runId) };
};
const httpFlow = (config: Record<string, unknown>) => flow().webhook('t').step('call', 'http-request', { method: 'GET', headers: [], ...config }).chain('t', 'call').build();

describe('HTTP step in a run', () => {
  it.each([
    ['[::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${hidden.port}/`],
    ['[::ffff:7f00:1]', () => `http://[::ffff:7f00:1]:${hidden.port}/`],
    ['[0:0:0:0:0:ffff:7f00:1]', () => `http://[0:0:0:0:0:ffff:7f00:1]:${hidden.port}/`],
    ['[::ffff:127.0.0.2]', () => `http://[::ffff:127.0.0.2]:${hidden2.port}/`],
    ['localhost', () => `http://localhost:${hidden.port}/`],
    ['a redirect to [::ffff:7f00:1]', () => `${origin.url}/to/${encodeURIComponent(`http://[::ffff:7f00:1]:${hidden.port}/`)}`],
  ])('refuses %s: the run fails with SsrfBlocked and nothing connected', async (_name, url) => {
    const before = hidden.connections + hidden2.connections;
    const { end } = await runOf(httpFlow({ url: url() }));
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'SsrfBlocked', stepId: 'call' } });
    expect(hidden.connections + hidden2.connections).toBe(before);
  });

  it('reaches a listed host:port, and a cross-origin redirect carries no secret header', async () => {
    const to = encodeURIComponent(`${api.url}/landing`);
    const header = { name: 'X-Api-Key', value: seal('run-secret-key'), secret: true };
    const { end } = await runOf(httpFlow({ url: `${origin.url}/to/${to}`, headers: [header, { name: 'Authorization', value: 'Bearer run-token' }] }));
    expect(end.status).toBe('succeeded');
    const landed = api.calls.at(-1)!;
    expect(landed.url).toBe('/landing');
    expect(landed.headers['x-api-key']).toBeUndefined();
    expect(landed.headers.authorization).toBeUndefined();
    expect(origin.calls.at(-1)?.headers['x-api-key']).toBe('run-secret-key');
  });

  it("a step set to refuse redirects fails without contacting the target", async () => {
    const before = api.calls.length;
    const { end } = await runOf(httpFlow({ url: `${origin.url}/to/${encodeURIComponent(`${api.url}/x`)}`, redirect: 'refuse' }));
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'NonRetriableError', message: expect.stringContaining('does not follow redirects') } });
    expect(api.calls.length).toBe(before);
  });
});

describe('error webhook', () => {
  it('a webhook URL on a mapped loopback form is refused once, not retried, and never connects', async () => {
    const before = hidden.connections;
    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      const def = { ...flow().webhook('t').step('boom', 'code', { code: 'throw new Error("x")' }).chain('t', 'boom').build(), settings: { errorWebhookUrl: `http://[::ffff:7f00:1]:${hidden.port}/hook` } };
      const { runId } = await runOf(def);
      await eventually(async () => lines.filter((l) => l.includes(runId) && l.includes('not retrying')), (l) => l.length > 0);
      expect(lines.join('')).toContain('IPv4-mapped');
    } finally {
      write.mockRestore();
    }
    expect(hidden.connections).toBe(before);
  });
});
