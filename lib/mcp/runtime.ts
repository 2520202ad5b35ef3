import 'server-only';
import { resolve } from 'node:path';
import { getDb } from '@/db/client';
import type { McpServerRow } from '@/db/schema';
import { allowListFromEnv } from '@/lib/net/allow-list';
import type { McpCredential } from './credentials';
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
 * How a server's credential is revealed. Until the vault is wired in (it grants credentials to
 * `{kind:'mcp_server', id}` subjects; map the secret with credentialHeaders / credentialEnv), a
 * server that names a credential is refused with a clear message rather than connected without it.
 */
let credentialResolver = async (server: McpServerRow): Promise<McpCredential> => {
  if (server.credentialId) throw new McpConfigError('This server uses a credential, and the credentials vault is not connected in this build');
  return {};
};

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
      credential: (server) => credentialResolver(server),
      connectOptions: () => ({ allow: allowListFromEnv(), stdioAllow: stdioAllowListFromEnv(), dataDir: s.dataDir, connectTimeoutMs: s.connectTimeoutMs }),
    });
  }
  return g[KEY];
}
