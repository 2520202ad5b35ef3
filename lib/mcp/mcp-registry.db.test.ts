import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { findMcpServer, listMcpServerTools, setMcpToolExposed, syncMcpServerTools } from '@/db/queries/mcp';
import { listMcpRegistryTools } from '@/db/queries/mcp-registry';
import { insertUser } from '@/db/queries/users';
import { withAudit } from '@/lib/audit/with-audit';
import { flow } from '@/lib/engine/testing/flow-builder';
import { parseAllowList } from '@/lib/net/allow-list';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { eventually } from '@/lib/testing/processes';
import { createToolRegistry } from '@/lib/tools/registry';
import { createCredential, setCredentialGrants } from '@/lib/vault/vault';
import { createMcpPool, type McpPool } from './pool';
import { syncMcpRegistry } from './registry-tools';
import { vaultCredentialResolver } from './runtime';
import { parseStdioAllowList, stdioAllowListFromEnv } from './stdio-allow';
import { addServer, pkgBin, testDataDir } from './testing/harness';

// Exposed MCP tools as registry tools, end to end on real Postgres: server-everything over stdio
// called by a real run's Tool call step through the registry, and over streamable HTTP on
// loopback with its credential revealed from the vault only through the server's grant.
let t: TestDb;
let data: ReturnType<typeof testDataDir>;
let worker: WorkerRuntime;
let pool: McpPool;
let everything: ChildProcess;
let everythingPort: number;
let proxy: Server;
let proxyPort: number;
const seenAuth: (string | undefined)[] = [];
const EVERYTHING_NPX = 'npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio';
const TOKEN = 'mcp-bearer-token-4242abcd';

const listen = (server: Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));

async function startEverythingHttp() {
  const probe = createServer();
  everythingPort = await listen(probe);
  await new Promise((r) => probe.close(r));
  everything = spawn(process.execPath, [pkgBin('server-everything'), 'streamableHttp'], { env: { PATH: process.env.PATH, PORT: String(everythingPort) } as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${seen}`)), 20_000);
    everything.stderr!.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('listening on port')) {
        clearTimeout(timer);
        resolve();
      }
    });
    everything.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${seen}`)));
  });
  const upstream = new Agent({ keepAlive: true });
  // A recording pass-through in front of it: server-everything does not tell what headers it got.
  // Upstream on kept-alive connections: forwarding the client's `connection: close` made the
  // server end the session after initialize (HTTP 400 on the next request).
  proxy = createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    const up = request({ host: '127.0.0.1', port: everythingPort, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${everythingPort}`, connection: 'keep-alive' }, agent: upstream }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  proxyPort = await listen(proxy);
}

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString('base64');
  process.env.BATON_MCP_STDIO_ALLOW = EVERYTHING_NPX;
  t = await createTestDatabase();
  data = testDataDir();
  await startEverythingHttp();
  const allow = parseAllowList(`127.0.0.1:${proxyPort}`, {});
  pool = createMcpPool({
    db: t.db,
    idleMs: 60_000,
    callTimeoutMs: 20_000,
    credential: vaultCredentialResolver(t.db),
    connectOptions: () => ({ allow, stdioAllow: stdioAllowListFromEnv(), dataDir: data.dir, connectTimeoutMs: 30_000 }),
  });
  const registry = createToolRegistry({ sql: t.sql, deps: { builtins: [], mcp: { callTool: (s, n, a, o) => pool.callTool(s, n, a, o) } }, allowList: allow });
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: registry });
});
afterAll(async () => {
  await worker?.stop();
  await pool?.closeAll();
  everything?.kill('SIGTERM');
  proxy?.close();
  data?.remove();
  await t?.drop();
  delete process.env.BATON_MCP_STDIO_ALLOW;
});

type RunRow = { status: string; error: { kind: string; message: string } | null; output: unknown };
async function runEcho(toolId: string, message: string) {
  const def = flow().webhook('t').step('call', 'tool-call', { toolId, version: 'latest', input: { message: '{{ trigger.body.message }}' } }, { policy: { retry: { maxAttempts: 1 } } as never }).step('out', 'output', { value: '{{ steps.call.output }}' }).chain('t', 'call', 'out').build();
  const { flowId, versionId } = await insertPublishedFlow(t.db, def, {});
  const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: { message } } });
  await run.firstCommit;
  const end = await eventually(async () => (await t.sql<RunRow[]>`select status, error, output from runs where id = ${run.runId}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
  const [step] = await t.sql<{ tool_id: string | null; tool_version: number | null }[]>`select tool_id, tool_version from step_runs where run_id = ${run.runId} and step_id = 'call'`;
  return { end, step: step! };
}

/** What the admin action does on Admin → MCP servers: the choice, then the registry brought in line. */
async function expose(serverId: string, tool: string, exposed: boolean) {
  await setMcpToolExposed(t.db, serverId, tool, exposed);
  await syncMcpRegistry(t.db, serverId, { enable: exposed ? tool : undefined });
}

describe('exposed MCP tools are registry tools', () => {
  it('server-everything echo over stdio: exposing registers it, a Tool call step calls it in a real run, hiding disables it', async () => {
    expect(parseStdioAllowList(process.env.BATON_MCP_STDIO_ALLOW)).toHaveLength(1);
    const server = await addServer(t.db, { name: 'everything', transport: 'stdio', command: 'npx', args: EVERYTHING_NPX.split(' ').slice(1) });
    expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
    // Listed but not exposed: nothing in the registry.
    expect((await listMcpRegistryTools(t.db, server.id)).size).toBe(0);

    await expose(server.id, 'echo', true);
    const echo = (await listMcpRegistryTools(t.db, server.id)).get('echo')!;
    expect(echo).toMatchObject({ name: 'everything/echo', enabled: true, latestVersion: 1 });
    expect(echo.version.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(echo.version.inputSchema).not.toHaveProperty('$schema');
    const [row] = await t.sql<{ kind: string; access_roles: string[]; approval: string }[]>`select kind, access_roles, approval from tools where id = ${echo.id}`;
    expect(row).toEqual({ kind: 'mcp', access_roles: ['analyst'], approval: 'auto' });

    const ok = await runEcho(echo.id, 'hello from a flow');
    expect(ok.end.status).toBe('succeeded');
    expect(JSON.stringify(ok.end.output)).toContain('Echo: hello from a flow');
    expect(ok.step).toEqual({ tool_id: echo.id, tool_version: 1 });

    await expose(server.id, 'echo', false);
    expect((await listMcpRegistryTools(t.db, server.id)).get('echo')).toMatchObject({ enabled: false });
    const refused = await runEcho(echo.id, 'hidden');
    expect(refused.end).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/disabled by an admin/) } });

    // Exposing again re-enables the same tool; an unchanged schema makes no new version.
    await expose(server.id, 'echo', true);
    expect((await listMcpRegistryTools(t.db, server.id)).get('echo')).toMatchObject({ id: echo.id, enabled: true, latestVersion: 1 });
    expect(JSON.stringify((await runEcho(echo.id, 'back again')).end.output)).toContain('Echo: back again');
  });

  it('a tool list sync that changes an exposed tool\'s schema makes a new version; a pinned step keeps v1', async () => {
    const server = await addServer(t.db, { name: 'everything-2', transport: 'stdio', command: 'npx', args: EVERYTHING_NPX.split(' ').slice(1) });
    expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
    await expose(server.id, 'echo', true);
    const listed = await listMcpServerTools(t.db, server.id);
    // The connection closes first: server-everything may announce list_changed on its own, and a
    // sync of its real list landing between the two calls below would undo the change under test.
    await pool.stop(server.id);
    // What the pool's list_changed handler does with a new list: sync the rows, then the registry.
    const changed = listed.map((x) => (x.name === 'echo' ? { ...x, inputSchema: { ...x.inputSchema, properties: { message: { type: 'string', description: 'now documented' } } } } : x));
    await syncMcpServerTools(t.db, server.id, changed);
    await syncMcpRegistry(t.db, server.id);
    const echo = (await listMcpRegistryTools(t.db, server.id)).get('echo')!;
    expect(echo.latestVersion).toBe(2);
    expect(echo.version.inputSchema).toMatchObject({ properties: { message: { description: 'now documented' } } });
    const [v1] = await t.sql<{ input_schema: { properties: { message: Record<string, unknown> } } }[]>`select input_schema from tool_versions where tool_id = ${echo.id} and version = 1`;
    expect(v1!.input_schema.properties.message).not.toHaveProperty('description', 'now documented');
    // A refresh with the server's own list again is another change (back to its schema): v3, not a silent rewrite.
    expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
    // At least v3: server-everything may also announce list_changed on its own meanwhile.
    const back = (await listMcpRegistryTools(t.db, server.id)).get('echo')!;
    expect(back.latestVersion).toBeGreaterThanOrEqual(3);
    expect(back.version.inputSchema).not.toMatchObject({ properties: { message: { description: 'now documented' } } });
  });
});

describe('a credentialed HTTP MCP server', () => {
  it('receives the credential header only once the credential is granted to the server', async () => {
    const admin = (await insertUser(t.db, { email: 'mcp-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
    const { id: credentialId } = await withAudit(t.db, admin, (tx, audit) => createCredential(tx, audit, { name: 'everything token', secret: { kind: 'bearer', token: TOKEN }, createdBy: admin }));
    const server = await addServer(t.db, { name: 'everything-http', transport: 'http', url: `http://127.0.0.1:${proxyPort}/mcp`, credentialId });

    const before = seenAuth.length;
    const refused = await pool.refresh(server.id);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/not granted to mcp server/) });
    expect(seenAuth.length).toBe(before);
    expect((await findMcpServer(t.db, server.id))?.lastError).toMatch(/not granted/);

    await withAudit(t.db, admin, (tx, audit) => setCredentialGrants(tx, audit, credentialId, [{ kind: 'mcp_server', id: server.id }]));
    expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
    await expose(server.id, 'echo', true);
    expect((await pool.callTool(server.id, 'echo', { message: 'with a grant' })).text).toBe('Echo: with a grant');
    const sent = seenAuth.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
  });
});
