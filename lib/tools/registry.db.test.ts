import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import { scanDatabase } from '@/lib/testing/secret-scan';
import { parseAllowList } from '@/lib/net/allow-list';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { withAudit } from '@/lib/audit/with-audit';
import { createCredential, setCredentialGrants } from '@/lib/vault/vault';
import { changeTool, editTool, registerTool } from './admin';
import { toolFormSchema, type ToolFormInput } from './form';
import { createToolRegistry, type ToolRegistry } from './registry';
import { testToolVersion } from './console';
import { toolChoicesFor } from './choices-server';
import type { ToolDeps } from './kind';
import { defaultToolDeps } from './defaults';

// The registry end to end on real Postgres: tools registered through the admin service, called
// by real runs (Tool call steps) against loopback servers of this file's own. `hidden` is on the
// allow-list too, so only the fixed origin keeps hostile input away from it.
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let t: TestDb;
let worker: WorkerRuntime;
let registry: ToolRegistry;
let api: Server, hidden: Server;
const SECRET = 'tool-secret-0123456789';

// Built-ins as shipped, the real sandbox runner and the real vault on this file's database.
let deps: ToolDeps;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString('base64');
  api = await loopbackServer((call, res) => {
    if (call.url.startsWith('/bad')) return json(res, 200, { total: 'not a number' });
    json(res, 200, { total: 42, echo: { method: call.method, url: call.url, auth: call.headers.authorization ?? null, tenant: call.headers['x-tenant'] ?? null, body: call.body } });
  });
  hidden = await loopbackServer((_c, res) => json(res, 200, { total: 0, leaked: true }));
  const allowList = parseAllowList(`127.0.0.1:${api.port},127.0.0.1:${hidden.port}`);
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${api.port},127.0.0.1:${hidden.port}`;
  t = await createTestDatabase();
  deps = defaultToolDeps(t.sql);
  registry = createToolRegistry({ sql: t.sql, deps, allowList });
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: registry });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await Promise.all([api, hidden].map((s) => s?.close()));
});

const OUTPUT = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };
const INPUT = { type: 'object', properties: { id: { type: 'string' }, tenant: { type: 'string' } }, required: ['id'] };
let seq = 0;
type Over = { name?: string; kind?: ToolFormInput['kind']; approval?: 'auto' | 'deny'; inputSchema?: object; outputSchema?: object; config?: Record<string, unknown> };
async function register(over: Over = {}) {
  const form = toolFormSchema.parse({
    name: `tool ${++seq}`,
    kind: 'http',
    category: 'Test',
    inputSchema: INPUT,
    outputSchema: OUTPUT,
    ...over,
    config: { method: 'POST', origin: api.url, path: '/items/{id}', query: [{ name: 'tenant', value: '{tenant}' }], headers: [{ name: 'X-Tenant', value: '{tenant}', fromInput: true }], body: { mode: 'input' }, ...over.config },
  });
  const r = await registerTool(t.sql, form, null);
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

/** A bearer credential sealed in the vault, granted to the tool when `grantTo` is given. */
let credSeq = 0;
async function bearerCredential(grantTo?: string) {
  const { id } = await withAudit(t.db, null, (tx, audit) => createCredential(tx, audit, { name: `API token ${++credSeq}`, secret: { kind: 'bearer', token: SECRET }, createdBy: null }));
  if (grantTo) await withAudit(t.db, null, (tx, audit) => setCredentialGrants(tx, audit, id, [{ kind: 'tool', id: grantTo }]));
  return id;
}

type RunRow = { status: string; error: { kind: string; message: string } | null; output: unknown };
const finished = (id: string) => eventually(async () => (await t.sql<RunRow[]>`select status, error, output from runs where id = ${id}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
async function runTool(toolId: string, body: unknown, version: number | 'latest' = 'latest', opts: { name?: string; input?: Record<string, unknown>; outputSchema?: object } = {}) {
  const input = opts.input ?? { id: '{{ trigger.body.id }}', tenant: '{{ trigger.body.tenant }}' };
  const def = flow().webhook('t').step('call', 'tool-call', { toolId, version, input, outputSchema: opts.outputSchema ?? OUTPUT }, { policy: { retry: { maxAttempts: 1 } } as never }).chain('t', 'call').build();
  const { flowId, versionId } = await insertPublishedFlow(t.db, def, opts);
  const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body } });
  await run.firstCommit;
  const end = await finished(run.runId);
  const [step] = await t.sql<{ tool_id: string | null; tool_version: number | null; output: unknown; error: unknown }[]>`select tool_id, tool_version, output, error from step_runs where run_id = ${run.runId} and step_id = 'call'`;
  return { runId: run.runId, flowId, end, step: step! };
}

describe('HTTP tools in runs', () => {
  it('calls the tool with the input in an encoded path segment, query value and input-driven header; the run records the tool version', async () => {
    const id = await register();
    const before = api.calls.length;
    const { end, step } = await runTool(id, { id: 'a b/c', tenant: 'acme' });
    expect(end.status).toBe('succeeded');
    const call = api.calls[before]!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/items/a%20b%2Fc?tenant=acme');
    expect(call.headers['x-tenant']).toBe('acme');
    expect(JSON.parse(call.body)).toEqual({ id: 'a b/c', tenant: 'acme' });
    expect(step).toMatchObject({ tool_id: id, tool_version: 1 });
  });

  it('a pinned step calls the version it was built with; "latest" follows an edit, and each run records what it called', async () => {
    const id = await register();
    const form = toolFormSchema.parse({ name: `tool ${seq}`, kind: 'http', inputSchema: INPUT, outputSchema: OUTPUT, config: { method: 'GET', origin: api.url, path: '/v2/{id}' } });
    expect(await editTool(t.sql, id, form, null)).toMatchObject({ ok: true, version: 2 });
    const pinned = await runTool(id, { id: 'x' }, 1);
    expect(pinned.step).toMatchObject({ tool_version: 1 });
    expect(api.calls.at(-1)!.url).toBe('/items/x');
    const latest = await runTool(id, { id: 'x' });
    expect(latest.step).toMatchObject({ tool_version: 2 });
    expect(api.calls.at(-1)).toMatchObject({ method: 'GET', url: '/v2/x' });
  });

  it('an input that breaks the contract fails with a ContractError naming the path, before any call', async () => {
    const id = await register();
    const before = api.calls.length;
    const { end } = await runTool(id, { tenant: 'acme' });
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'ContractError', message: expect.stringMatching(/input\.id is required/) } });
    expect(api.calls.length).toBe(before);
  });

  it('an output that breaks the contract fails with a ContractError naming the path', async () => {
    const id = await register({ config: { path: '/bad/{id}' } });
    const { end } = await runTool(id, { id: '1' });
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'ContractError', message: expect.stringMatching(/output\.total must be number/) } });
  });

  it('a denied tool is refused with a clear NonRetriableError, and the attempt still records which tool it named', async () => {
    const id = await register({ approval: 'deny' });
    const before = api.calls.length;
    const { end, step } = await runTool(id, { id: '1' });
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'NonRetriableError', message: expect.stringContaining('denied by its approval rule') } });
    expect(step.tool_id).toBe(id);
    expect(api.calls.length).toBe(before);
  });

  it('puts the credential on the call, and masks it in the output and everything recorded', async () => {
    const cred = await bearerCredential();
    const id = await register({ config: { credentialId: cred } });
    // Registering granted it; an admin revoking the grant under Admin → Credentials stops the calls.
    await withAudit(t.db, null, (tx, audit) => setCredentialGrants(tx, audit, cred, []));
    const ungranted = await runTool(id, { id: '1' });
    expect(ungranted.end).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('is not granted to tool') } });
    await withAudit(t.db, null, (tx, audit) => setCredentialGrants(tx, audit, cred, [{ kind: 'tool', id }]));
    const { end, step } = await runTool(id, { id: '1' });
    expect(end.status).toBe('succeeded');
    expect(api.calls.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(step.output).toMatchObject({ echo: { auth: 'Bearer ***' } });
    // Proved by absence over every text and jsonb column of the database (step rows, events, queue jobs…).
    expect((await scanDatabase(t.sql, [SECRET])).hits).toEqual([]);
  });
});

describe('the origin is fixed whatever the input', () => {
  const hostile = () => ['../../x', '..', `@127.0.0.1:${hidden.port}`, `//127.0.0.1:${hidden.port}/`, `http://127.0.0.1:${hidden.port}/`, `127.0.0.1:${hidden.port}`, 'x\r\nHost: evil', '%2e%2e/%2e%2e'];
  it('no hostile path, query or header input reaches another host:port, even one on the allow-list', async () => {
    const id = await register();
    const tool = await registry.resolve({ toolId: id });
    for (const bad of hostile()) {
      const sent: string[] = [];
      await registry
        .invoke(tool, { id: bad, tenant: bad }, { signal: AbortSignal.timeout(5000), idempotencyKey: 'k', http: (u, i, o) => guardedFetch(u, i, { ...o, allow: parseAllowList(`127.0.0.1:${api.port},127.0.0.1:${hidden.port}`) }), onRequest: (r) => sent.push(r.url) })
        .catch((err: { kind: string }) => expect(err.kind).toBe('ContractError'));
      for (const u of sent) expect(new URL(u).origin).toBe(api.url);
    }
    expect(hidden.connections).toBe(0);
  });

  it('in a run too', async () => {
    const id = await register();
    const { end } = await runTool(id, { id: `http://127.0.0.1:${hidden.port}/`, tenant: `@127.0.0.1:${hidden.port}` });
    expect(end.status).toBe('succeeded');
    expect(hidden.connections).toBe(0);
  });
});

describe('built-in and code tools', () => {
  it('dispatch by kind: a shipped builtin by its key, a code tool in the QuickJS sandbox', async () => {
    const b = await register({ kind: 'builtin', inputSchema: {}, outputSchema: { type: 'object', required: ['digest'] }, config: { key: 'crypto.hash' } });
    expect(await registry.call({ toolId: b }, { data: 'abc' }, { signal: AbortSignal.timeout(5000), idempotencyKey: 'k' })).toMatchObject({ output: { digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }, toolVersion: 1 });
    const c = await register({ kind: 'code', inputSchema: {}, outputSchema: {}, config: { source: 'return { doubled: input.n * 2 }' } });
    expect((await registry.call({ toolId: c }, { n: 21 }, { signal: AbortSignal.timeout(5000), idempotencyKey: 'k' })).output).toEqual({ doubled: 42 });
  });

  it('a builtin called by a step gets the step idempotency key (http.request sends it, the same on every attempt)', async () => {
    const id = await register({ kind: 'builtin', inputSchema: {}, outputSchema: {}, config: { key: 'http.request' } });
    const before = api.calls.length;
    const { runId, end } = await runTool(id, {}, 'latest', { input: { url: `${api.url}/ping` }, outputSchema: {} });
    expect(end.status).toBe('succeeded');
    expect(api.calls.length).toBe(before + 1);
    expect(api.calls.at(-1)!.headers['idempotency-key']).toBe(`${runId}:call`);
  });
});

describe('governance', () => {
  it('disabling or deleting a tool that a published flow uses is refused with the flows; unused, it is allowed', async () => {
    const id = await register();
    const { flowId } = await runTool(id, { id: '1' }, 'latest', { name: 'Invoices flow' });
    for (const change of ['disable', 'delete'] as const) {
      expect(await changeTool(t.sql, id, change)).toMatchObject({ ok: false, error: expect.stringContaining('"Invoices flow"'), flows: [{ id: flowId, name: 'Invoices flow' }] });
    }
    await t.sql`update flows set active_version_id = null, active = false where id = ${flowId}`;
    expect(await changeTool(t.sql, id, 'disable')).toEqual({ ok: true });
    await expect(registry.call({ toolId: id }, { id: '1' }, { signal: AbortSignal.timeout(5000), idempotencyKey: 'k' })).rejects.toThrow(/disabled/);
    expect(await changeTool(t.sql, id, 'delete')).toEqual({ ok: true });
    await expect(registry.call({ toolId: id }, { id: '1' }, { signal: AbortSignal.timeout(5000), idempotencyKey: 'k' })).rejects.toThrow(/no longer exists/);
  });

  it('a taken name is a field error', async () => {
    await register({ name: 'unique name' });
    const form = toolFormSchema.parse({ name: 'unique name', kind: 'http', inputSchema: {}, outputSchema: {}, config: { origin: api.url } });
    expect(await registerTool(t.sql, form, null)).toMatchObject({ ok: false, fieldErrors: { name: ['Another tool has this name'] } });
  });
});

describe('the test console', () => {
  it('reports the output, timing, both contract sides and the exact request, with the credential masked', async () => {
    const id = await register();
    await editTool(t.sql, id, toolFormSchema.parse({ name: `tool ${seq}`, kind: 'http', category: 'Test', inputSchema: INPUT, outputSchema: OUTPUT, config: { method: 'POST', origin: api.url, path: '/items/{id}', query: [{ name: 'tenant', value: '{tenant}' }], headers: [{ name: 'X-Tenant', value: '{tenant}', fromInput: true }], body: { mode: 'input' }, credentialId: await bearerCredential(id) } }), null);
    const allowList = parseAllowList(`127.0.0.1:${api.port}`);
    const ok = await testToolVersion(t.sql, { toolId: id, input: { id: 'a/b', tenant: 'acme' } }, { deps, allowList });
    expect(ok).toMatchObject({ ok: true, toolVersion: 2, inputProblems: [], outputProblems: [], output: { total: 42 } });
    expect(ok!.durationMs).toBeGreaterThan(0);
    expect(ok!.request).toMatchObject({ method: 'POST', url: `${api.url}/items/a%2Fb?tenant=acme`, headers: { authorization: 'Bearer ***', 'x-tenant': 'acme' } });
    expect(JSON.stringify(ok)).not.toContain(SECRET);

    const badOut = await register({ config: { path: '/bad/{id}' } });
    const out = await testToolVersion(t.sql, { toolId: badOut, input: { id: '1' } }, { deps, allowList });
    expect(out).toMatchObject({ ok: false, inputProblems: [], outputProblems: [{ path: 'total', message: 'must be number' }], error: { kind: 'ContractError' } });

    const before = api.calls.length;
    const badIn = await testToolVersion(t.sql, { toolId: id, input: { id: 5 } }, { deps, allowList });
    expect(badIn).toMatchObject({ ok: false, inputProblems: [{ path: 'id', message: 'must be string' }], outputProblems: null, request: null });
    expect(api.calls.length).toBe(before);
  });
});

describe("the editor's tool list", () => {
  it("lists every tool with its latest contracts, placeable by the roles of its access rule (admins always)", async () => {
    const id = await register({ name: 'Reviewers only' });
    await t.sql`update tools set access_roles = '{reviewer}' where id = ${id}`;
    const forAnalyst = (await toolChoicesFor(t.sql, ['analyst'])).find((c) => c.id === id);
    expect(forAnalyst).toMatchObject({ name: 'Reviewers only', placeable: false, latestVersion: 1, inputSchema: INPUT, outputSchema: OUTPUT });
    expect((await toolChoicesFor(t.sql, ['reviewer'])).find((c) => c.id === id)?.placeable).toBe(true);
    expect((await toolChoicesFor(t.sql, ['admin'])).find((c) => c.id === id)?.placeable).toBe(true);
  });
});
