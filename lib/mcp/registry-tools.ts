import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '@/db/client';
import { findMcpServer, listMcpServerTools } from '@/db/queries/mcp';
import { lockMcpServer } from '@/db/queries/mcp-registry';
import { addMcpRegistryVersion, insertMcpRegistryTool, listMcpRegistryTools, setRegistryToolEnabled } from '@/db/queries/mcp-registry';
import type { McpServerToolRow } from '@/db/schema';
import { mcpToolContracts } from './as-tool';
import { McpConfigError } from './errors';

/** Ajv here compiles without meta-schema markers: a server's `$schema` (draft-07, 2020-12…) is dropped, the schema kept. */
function withoutMetaSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** What the registry stores for an MCP tool as the server lists it now. */
function versionOf(serverId: string, tool: McpServerToolRow) {
  const contracts = mcpToolContracts({ inputSchema: tool.inputSchema, outputSchema: tool.outputSchema });
  return {
    description: tool.description,
    inputSchema: withoutMetaSchema(contracts.inputSchema),
    outputSchema: withoutMetaSchema(contracts.outputSchema),
    config: { serverId, tool: tool.name, structured: tool.outputSchema !== null },
    timeoutMs: 60_000,
    retry: { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2 },
  };
}

const sameCall = (a: ReturnType<typeof versionOf>, b: ReturnType<typeof versionOf>) =>
  a.description === b.description && isDeepStrictEqual(a.inputSchema, b.inputSchema) && isDeepStrictEqual(a.outputSchema, b.outputSchema) && isDeepStrictEqual(a.config, b.config);

/**
 * Brings the registry in line with a server's tools after a sync or an admin's choice. Each
 * exposed tool has a registry tool of kind `mcp` (registered on first exposure, named
 * `<server>/<tool>`); a schema the server changed becomes that tool's next version, so a step
 * pinned to an older version keeps its contract; a hidden or no-longer-listed tool's registry
 * tool is disabled (the pool refuses its calls anyway). `enable` names a tool the admin has just
 * exposed: its registry tool is enabled again; otherwise a sync leaves `enabled` as an admin set it.
 */
export async function syncMcpRegistry(db: Db, serverId: string, opts: { enable?: string } = {}): Promise<void> {
  // One sync per server at a time (a refresh and a list_changed notification can overlap): the
  // server's row is locked, so each compares against the version the other wrote.
  await db.transaction(async (tx) => {
    if (await lockMcpServer(tx, serverId)) await syncLocked(tx, serverId, opts);
  });
}

async function syncLocked(db: Db, serverId: string, opts: { enable?: string }): Promise<void> {
  const server = await findMcpServer(db, serverId);
  if (!server) return;
  const listed = await listMcpServerTools(db, serverId);
  const registered = await listMcpRegistryTools(db, serverId);
  for (const tool of listed) {
    const current = registered.get(tool.name);
    if (!tool.exposed) {
      if (current?.enabled) await setRegistryToolEnabled(db, current.id, false);
      continue;
    }
    const wanted = versionOf(serverId, tool);
    if (!current) {
      const name = `${server.name}/${tool.name}`;
      const row = await insertMcpRegistryTool(db, { name, description: tool.description, category: `MCP · ${server.name}` }, wanted);
      if (!row) throw new McpConfigError(`A registry tool named "${name}" exists already: rename it under Admin → Tools, then expose this tool again`);
      continue;
    }
    if (!sameCall(current.version as ReturnType<typeof versionOf>, wanted)) await addMcpRegistryVersion(db, current.id, wanted);
    if (opts.enable === tool.name && !current.enabled) await setRegistryToolEnabled(db, current.id, true);
  }
  const names = new Set(listed.map((t) => t.name));
  for (const [name, current] of registered) if (!names.has(name) && current.enabled) await setRegistryToolEnabled(db, current.id, false);
}
