import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { findMcpServer, listMcpServerTools, setMcpToolExposed } from '@/db/queries/mcp';
import { addServer, pkgBin, testDataDir, testPool } from './testing/harness';

let t: TestDb;
let data: ReturnType<typeof testDataDir>;
let everything: ChildProcess;
let port: number;

const listen = (server: Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
const freePort = async () => {
  const s = createServer();
  const p = await listen(s);
  await new Promise((r) => s.close(r));
  return p;
};

/** Starts server-everything's streamable HTTP transport on a free port, as its package documents (PORT). */
async function startEverything(): Promise<void> {
  port = await freePort();
  everything = spawn(process.execPath, [pkgBin('server-everything'), 'streamableHttp'], { env: { PATH: process.env.PATH, PORT: String(port) } as Record<string, string | undefined> as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
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
}

beforeAll(async () => {
  t = await createTestDatabase();
  data = testDataDir();
  await startEverything();
});
afterAll(async () => {
  everything?.kill('SIGTERM');
  data.remove();
  await t.drop();
});

describe('server-everything over streamable HTTP on 127.0.0.1', () => {
  it('connects through the outbound guard once 127.0.0.1:<port> is allowed, lists tools and calls echo', async () => {
    const pool = testPool(t.db, { allowedHosts: `127.0.0.1:${port}`, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'http', url: `http://127.0.0.1:${port}/mcp` });
    try {
      expect(await pool.refresh(server.id)).toMatchObject({ ok: true });
      const tools = await listMcpServerTools(t.db, server.id);
      expect(tools.map((x) => x.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-env']));
      expect(tools.find((x) => x.name === 'get-env')?.inputSchema.properties).toEqual({});
      await setMcpToolExposed(t.db, server.id, 'echo', true);
      expect((await pool.callTool(server.id, 'echo', { message: 'over http' })).text).toBe('Echo: over http');
      expect(await findMcpServer(t.db, server.id)).toMatchObject({ status: 'ok', lastError: null });
    } finally {
      await pool.closeAll();
    }
  });
});

describe('the outbound guard and errors in words', () => {
  it('refuses a loopback MCP URL that is not on the allow-list: the listener sees no connection', async () => {
    let connections = 0;
    const trap = createServer((_req, res) => res.end());
    trap.on('connection', () => connections++);
    const trapPort = await listen(trap);
    const pool = testPool(t.db, { allowedHosts: `127.0.0.1:${port}`, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'http', url: `http://127.0.0.1:${trapPort}/mcp` });
    try {
      const res = await pool.refresh(server.id);
      expect(res).toMatchObject({ ok: false, error: expect.stringMatching(/^Blocked: 127\.0\.0\.1 .*BATON_ALLOWED_HOSTS/) });
      expect((await findMcpServer(t.db, server.id))?.lastError).toMatch(/^Blocked/);
      expect(connections).toBe(0);
    } finally {
      trap.close();
    }
  });

  it('says "connection refused" when nothing listens', async () => {
    const closed = await freePort();
    const pool = testPool(t.db, { allowedHosts: `127.0.0.1:${closed}`, dataDir: data.dir });
    const server = await addServer(t.db, { transport: 'http', url: `http://127.0.0.1:${closed}/mcp` });
    expect(await pool.refresh(server.id)).toMatchObject({ ok: false, error: 'connection refused by 127.0.0.1' });
  });

  it('reports HTTP 401 with what the server said, after sending the credential headers to its origin, the credential masked', async () => {
    const seen: (string | undefined)[] = [];
    const guarded = createServer((req, res) => {
      seen.push(req.headers.authorization);
      // A careless server that echoes the credential: it must not reach last_error.
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`token expired: ${req.headers.authorization}`);
    });
    const p = await listen(guarded);
    const pool = testPool(t.db, { allowedHosts: `127.0.0.1:${p}`, dataDir: data.dir, credential: { headers: { authorization: 'Bearer old-token' } } });
    const server = await addServer(t.db, { transport: 'http', url: `http://127.0.0.1:${p}/mcp` });
    try {
      expect(await pool.refresh(server.id)).toMatchObject({ ok: false, error: 'HTTP 401: token expired: ***' });
      expect(seen[0]).toBe('Bearer old-token');
      expect((await findMcpServer(t.db, server.id))?.lastError).toBe('HTTP 401: token expired: ***');
    } finally {
      guarded.close();
    }
  });
});
