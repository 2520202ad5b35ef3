import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { findMcpServer, listMcpServerTools, setMcpToolExposed } from '@/db/queries/mcp';
import { NonRetriableError, StepFailure } from '@/lib/steps/errors';
import { addServer, eventually, FIXTURE, isAlive, pkgBin, testDataDir, testPool } from './testing/harness';

let t: TestDb;
let data: ReturnType<typeof testDataDir>;
const EVERYTHING_NPX = 'npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio';
const ALLOW = [EVERYTHING_NPX, `node ${FIXTURE}`, `node ${pkgBin('server-filesystem')}`].join('; ');

beforeAll(async () => {
  t = await createTestDatabase();
  data = testDataDir();
});
afterAll(async () => {
  data.remove();
  await t.drop();
});

describe('server-everything over stdio (npx, pinned)', () => {
  it('lists its tools with schemas, the parameterless ones included, and calls echo and get-sum', async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'npx', args: EVERYTHING_NPX.split(' ').slice(1) });
    try {
      const res = await pool.refresh(server.id);
      expect(res).toMatchObject({ ok: true });
      const tools = await listMcpServerTools(t.db, server.id);
      const byName = Object.fromEntries(tools.map((x) => [x.name, x]));
      expect(byName.echo?.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
      expect(byName['get-env']?.inputSchema).toMatchObject({ type: 'object', properties: {} });
      expect(byName['get-env']?.inputSchema.properties).toEqual({});
      expect(tools.every((x) => !x.exposed)).toBe(true);
      expect(await findMcpServer(t.db, server.id)).toMatchObject({ status: 'ok', lastError: null });

      await setMcpToolExposed(t.db, server.id, 'echo', true);
      await setMcpToolExposed(t.db, server.id, 'get-sum', true);
      expect((await pool.callTool(server.id, 'echo', { message: 'hi there' })).text).toBe('Echo: hi there');
      expect((await pool.callTool(server.id, 'get-sum', { a: 2, b: 40 })).text).toContain('42');
      // An unexposed tool is not callable, whatever the server offers.
      await expect(pool.callTool(server.id, 'get-env', {})).rejects.toThrow(/not exposed/);
    } finally {
      await pool.closeAll();
    }
  });

  it('gives the child none of Baton\'s environment: its get-env shows no secret of ours', async () => {
    const saved = { ENCRYPTION_KEY: process.env.ENCRYPTION_KEY, AUTH_SECRET: process.env.AUTH_SECRET };
    process.env.ENCRYPTION_KEY = 'sentinel-encryption-key-9f2c';
    process.env.AUTH_SECRET = 'sentinel-auth-secret-77ab';
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'npx', args: EVERYTHING_NPX.split(' ').slice(1) });
    try {
      await pool.refresh(server.id);
      await setMcpToolExposed(t.db, server.id, 'get-env', true);
      const { text } = await pool.callTool(server.id, 'get-env', {});
      const env = JSON.parse(text) as Record<string, string>;
      // npx puts its own bin directories in front of the PATH it was given.
      expect(env.PATH!.endsWith(process.env.PATH!)).toBe(true);
      for (const k of ['ENCRYPTION_KEY', 'AUTH_SECRET', 'DATABASE_URL']) expect(env).not.toHaveProperty(k);
      for (const v of [process.env.ENCRYPTION_KEY, process.env.AUTH_SECRET, process.env.DATABASE_URL!]) expect(text).not.toContain(v);
    } finally {
      await pool.closeAll();
      Object.assign(process.env, saved);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    }
  });
});

describe('the fixture server (the SDK\'s McpServer)', () => {
  it('runs with exactly PATH, HOME and its credential, in .data/mcp/<server id>', async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir, credential: { env: { FIXTURE_TOKEN: 'tok-123' } } });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: [FIXTURE] });
    try {
      expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
      await setMcpToolExposed(t.db, server.id, 'env', true);
      const out = JSON.parse((await pool.callTool(server.id, 'env', {})).text) as { keys: string[]; cwd: string; secret: string };
      expect(out.keys).toEqual(['FIXTURE_TOKEN', 'HOME', 'PATH']);
      expect(out.secret).toBe('tok-123');
      expect(out.cwd).toBe(join(data.dir, 'mcp', server.id));
    } finally {
      await pool.closeAll();
    }
  });

  it('follows notifications/tools/list_changed into mcp_server_tools, keeping exposed choices', async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: [FIXTURE] });
    try {
      await pool.refresh(server.id);
      await setMcpToolExposed(t.db, server.id, 'add-tool', true);
      await pool.callTool(server.id, 'add-tool', { name: 'brand-new' });
      const tools = await eventually(async () => {
        const rows = await listMcpServerTools(t.db, server.id);
        return rows.some((r) => r.name === 'brand-new') && rows;
      });
      expect(tools.find((r) => r.name === 'brand-new')).toMatchObject({ exposed: false, inputSchema: { type: 'object', properties: {} } });
      expect(tools.find((r) => r.name === 'add-tool')?.exposed).toBe(true);
    } finally {
      await pool.closeAll();
    }
  });

  it("maps a tool's isError to NonRetriableError and a dying child to a retriable failure with its stderr", async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: [FIXTURE] });
    try {
      await pool.refresh(server.id);
      for (const n of ['fail', 'die', 'slow']) await setMcpToolExposed(t.db, server.id, n, true);
      const failed = await pool.callTool(server.id, 'fail', { why: 'no reason' }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(NonRetriableError);
      expect((failed as Error).message).toContain('failed because no reason');

      const late = await pool.callTool(server.id, 'slow', { ms: 5_000 }, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(late).toMatchObject({ kind: 'StepTimeoutError', message: expect.stringContaining('did not answer within 200 ms') });

      const died = await pool.callTool(server.id, 'die', {}).catch((e: unknown) => e);
      expect(died).toBeInstanceOf(StepFailure);
      expect((died as StepFailure).kind).toBe('Error');
      const row = await eventually(async () => {
        const r = await findMcpServer(t.db, server.id);
        return r?.status === 'error' && r;
      });
      expect(row.lastError).toContain('out of cheese');
      // The next call starts a new child.
      expect((await pool.callTool(server.id, 'fail', { why: 'again' }).catch((e: Error) => e.message))).toContain('failed because again');
    } finally {
      await pool.closeAll();
    }
  });

  it('stops an idle child', async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir, idleMs: 300 });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: [FIXTURE] });
    await pool.refresh(server.id);
    const pid = pool.connected()[0]?.pid;
    expect(pid).toBeTypeOf('number');
    expect(isAlive(pid!)).toBe(true);
    await eventually(async () => pool.connected().length === 0 && !isAlive(pid!), 8_000);
  });
});

describe('the stdio rules', () => {
  it('refuses a command off BATON_MCP_STDIO_ALLOW without running it', async () => {
    const marker = join(data.dir, 'ran');
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`] });
    const res = await pool.refresh(server.id);
    expect(res).toMatchObject({ ok: false, error: expect.stringContaining('command not on BATON_MCP_STDIO_ALLOW') });
    expect(await findMcpServer(t.db, server.id)).toMatchObject({ status: 'error', lastError: expect.stringContaining('command not on BATON_MCP_STDIO_ALLOW') });
    expect(existsSync(marker)).toBe(false);
    expect(pool.connected()).toEqual([]);
  });

  it('refuses everything when the variable is unset', async () => {
    const pool = testPool(t.db, { stdioAllow: undefined, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'stdio', command: 'node', args: [FIXTURE] });
    expect(await pool.refresh(server.id)).toMatchObject({ ok: false, error: expect.stringContaining('BATON_MCP_STDIO_ALLOW is not set') });
  });

  it('runs server-filesystem on a root of its own, and refuses a root that includes .data', async () => {
    const pool = testPool(t.db, { stdioAllow: ALLOW, dataDir: data.dir });
    const ok = await addServer(t.db, { transport: 'stdio', command: 'node', args: [pkgBin('server-filesystem'), join(process.cwd(), 'lib', 'mcp', 'testing')] });
    try {
      expect(await pool.refresh(ok.id)).toMatchObject({ ok: true });
      await setMcpToolExposed(t.db, ok.id, 'list_directory', true);
      const listing = await pool.callTool(ok.id, 'list_directory', { path: join(process.cwd(), 'lib', 'mcp', 'testing') });
      expect(listing.text).toContain('fixture-server.mjs');

      const bad = await addServer(t.db, { transport: 'stdio', command: 'node', args: [pkgBin('server-filesystem'), process.cwd()] });
      expect(await pool.refresh(bad.id)).toMatchObject({ ok: false, error: expect.stringContaining("includes Baton's data directory") });
    } finally {
      await pool.closeAll();
    }
  });
});
