import 'server-only';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Db, Sql } from '@/db/client';
import * as schema from '@/db/schema';
import { applyCredential } from '@/lib/vault/apply';
import { createVault } from '@/lib/vault/vault';
import { BUILTIN_TOOLS } from './builtins';
import { runCodeTool } from './code-tool';
import { getMcpPool } from '@/lib/mcp/runtime';
import type { ToolDeps } from './kind';

/**
 * What this installation's registry runs tools with: the built-in tools, the QuickJS code-tool
 * runner and the credentials vault reading the same database as the registry (`sql` is the
 * caller's pool, so a test database's registry reveals that database's credentials).
 */
export function defaultToolDeps(sql: Sql): ToolDeps {
  return {
    builtins: BUILTIN_TOOLS,
    codeRunner: runCodeTool,
    vault: { vault: createVault(drizzle(sql, { schema }) as Db), applyCredential },
    // The MCP pool is fetched per call: it is per process and opens its connections lazily.
    mcp: { callTool: (serverId, tool, args, opts) => getMcpPool().callTool(serverId, tool, args, opts) },
  };
}
