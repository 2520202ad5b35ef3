import 'server-only';
import { resolve } from 'node:path';
import { getDb, type Db } from '@/db/client';
import type { McpServerRow } from '@/db/schema';
import { allowListFromEnv } from '@/lib/net/allow-list';
import { CredentialError } from '@/lib/vault/errors';
import { createVault } from '@/lib/vault/vault';
import { credentialEnv, credentialHeaders, type McpCredential } from './credentials';
import { McpConfigError } from './errors';
import { createMcpPool, type McpPool } from './pool';
import { stdioAllowListFromEnv } from './stdio-allow';

type Env = Record<string, string | undefined>;

const ms = (env: Env, name: string, fallback: number) => {
  const n = Number(env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Settings read from the environment, with the defaults documented in the README. */
export function mcpSettings(env: Env = process.env) {
  return {
    // A runtime setting, not a build input: the ignore keeps Turbopack from tracing the whole project.
    dataDir: resolve(/* turbopackIgnore: true */ process.cwd(), env.BATON_DATA_DIR || '.data'),
    idleMs: ms(env, 'BATON_MCP_IDLE_MS', 5 * 60_000),
    callTimeoutMs: ms(env, 'BATON_MCP_CALL_TIMEOUT_MS', 60_000),
    connectTimeoutMs: ms(env, 'BATON_MCP_CONNECT_TIMEOUT_MS', 30_000),
  };
}

/**
 * Reveals a server's credential from the vault, only through the server's own grant
 * (`{kind:'mcp_server', id}`), and maps it: headers for HTTP, the named variable for stdio.
 * Vault refusals (deleted, not granted, unreadable) become McpConfigErrors in words, recorded as
 * the server's last error.
 */
export function vaultCredentialResolver(db: Db) {
  const vault = createVault(db);
  return async (server: McpServerRow): Promise<McpCredential> => {
    if (!server.credentialId) return {};
    let secret;
    try {
      secret = await vault.reveal(server.credentialId, { kind: 'mcp_server', id: server.id });
    } catch (err) {
      if (err instanceof CredentialError) throw new McpConfigError(err.message);
      throw err;
    }
    if (server.transport === 'http') return { headers: credentialHeaders(secret) };
    if (!server.credentialEnv) throw new McpConfigError(`MCP server ${server.name} has a credential but no variable to put it in: set one in its settings`);
    return { env: credentialEnv(secret, server.credentialEnv) };
  };
}

let credentialResolver: ((server: McpServerRow) => Promise<McpCredential>) | undefined;

export function setMcpCredentialResolver(fn: (server: McpServerRow) => Promise<McpCredential>) {
  credentialResolver = fn;
}

const KEY = Symbol.for('baton.mcp.pool');
type WithPool = typeof globalThis & { [KEY]?: McpPool };

/**
 * This process's pool. On globalThis so the launcher's module graph and Next's bundled server code
 * (two copies of this module in one process) share one set of connections and children.
 */
export function getMcpPool(): McpPool {
  const g = globalThis as WithPool;
  if (!g[KEY]) {
    const s = mcpSettings();
    g[KEY] = createMcpPool({
      db: getDb(),
      idleMs: s.idleMs,
      callTimeoutMs: s.callTimeoutMs,
      credential: (server) => (credentialResolver ??= vaultCredentialResolver(getDb()))(server),
      connectOptions: () => ({ allow: allowListFromEnv(), stdioAllow: stdioAllowListFromEnv(), dataDir: s.dataDir, connectTimeoutMs: s.connectTimeoutMs }),
    });
  }
  return g[KEY];
}
