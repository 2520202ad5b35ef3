import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Db } from '@/db/client';
import { insertMcpServer, type NewMcpServer } from '@/db/queries/mcp';
import { parseAllowList } from '@/lib/net/allow-list';
import type { McpCredential } from '@/lib/mcp/credentials';
import { createMcpPool, type McpPool } from '@/lib/mcp/pool';
import { parseStdioAllowList } from '@/lib/mcp/stdio-allow';

export const ROOT = resolve('.');
export const pkgBin = (pkg: string) => join(ROOT, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js');
export const FIXTURE = join(ROOT, 'lib', 'mcp', 'testing', 'fixture-server.mjs');

/**
 * A data directory inside the project's (git-ignored) .data, so `npx` in a child's working
 * directory finds the project's pinned packages and needs no network.
 */
export function testDataDir(): { dir: string; remove: () => void } {
  const dir = join(ROOT, '.data', `mcp-test-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type PoolSetup = { stdioAllow?: string; allowedHosts?: string; idleMs?: number; credential?: McpCredential; dataDir: string; callTimeoutMs?: number };

export function testPool(db: Db, s: PoolSetup): McpPool {
  return createMcpPool({
    db,
    idleMs: s.idleMs ?? 60_000,
    callTimeoutMs: s.callTimeoutMs ?? 20_000,
    credential: async () => s.credential ?? {},
    connectOptions: () => ({ allow: parseAllowList(s.allowedHosts, {}), stdioAllow: parseStdioAllowList(s.stdioAllow), dataDir: s.dataDir, connectTimeoutMs: 30_000 }),
  });
}

export async function addServer(db: Db, s: Omit<NewMcpServer, 'name'> & { name?: string }) {
  const row = await insertMcpServer(db, { name: s.name ?? `srv-${randomBytes(3).toString('hex')}`, ...s });
  if (!row) throw new Error('server name taken');
  return row;
}

/** Polls `check` until it holds, for at most `ms` (bounded: a test never hangs on it). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
