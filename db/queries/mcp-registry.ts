import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mcpServers, tools, toolVersions, type ToolVersion } from '@/db/schema';

/** A registry tool of kind `mcp` with its latest version's contracts and config. */
export type McpRegistryTool = { id: string; name: string; enabled: boolean; latestVersion: number; version: Pick<ToolVersion, 'description' | 'inputSchema' | 'outputSchema' | 'config' | 'timeoutMs' | 'retry'> };

/** The registry tools standing for a server's tools, keyed by the MCP tool's name (from the latest version's config). */
export async function listMcpRegistryTools(db: Db, serverId: string): Promise<Map<string, McpRegistryTool>> {
  const rows = await db
    .select({ id: tools.id, name: tools.name, enabled: tools.enabled, latestVersion: tools.latestVersion, v: toolVersions })
    .from(tools)
    .innerJoin(toolVersions, and(eq(toolVersions.toolId, tools.id), eq(toolVersions.version, tools.latestVersion)))
    .where(and(eq(tools.kind, 'mcp'), sql`${toolVersions.config}->>'serverId' = ${serverId}`));
  return new Map(rows.map((r) => [String((r.v.config as { tool: string }).tool), { id: r.id, name: r.name, enabled: r.enabled, latestVersion: r.latestVersion, version: r.v }]));
}

type NewVersion = McpRegistryTool['version'];

/** Registers an MCP tool in the registry (version 1, enabled). Undefined when the name is taken. */
export async function insertMcpRegistryTool(db: Db, t: { name: string; description: string; category: string }, v: NewVersion): Promise<{ id: string } | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(tools).values({ ...t, kind: 'mcp' }).onConflictDoNothing({ target: tools.name }).returning({ id: tools.id });
    if (!row) return undefined;
    await tx.insert(toolVersions).values({ toolId: row.id, version: 1, ...v });
    return row;
  });
}

/** The server changed a tool's schema: its registry tool gets the next version (governance unchanged). */
export async function addMcpRegistryVersion(db: Db, toolId: string, v: NewVersion): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(tools).set({ latestVersion: sql`${tools.latestVersion} + 1`, description: v.description, updatedAt: new Date() }).where(eq(tools.id, toolId)).returning({ version: tools.latestVersion });
    await tx.insert(toolVersions).values({ toolId, version: row!.version, ...v });
    return row!.version;
  });
}

export async function setRegistryToolEnabled(db: Db, toolId: string, enabled: boolean): Promise<void> {
  await db.update(tools).set({ enabled, updatedAt: new Date() }).where(eq(tools.id, toolId));
}

/** Locks a server's row for the rest of the transaction; false when the server is gone. */
export async function lockMcpServer(db: Db, serverId: string): Promise<boolean> {
  const rows = await db.select({ id: mcpServers.id }).from(mcpServers).where(eq(mcpServers.id, serverId)).for('update');
  return rows.length > 0;
}
