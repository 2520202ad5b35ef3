import 'server-only';
import { and, asc, count, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mcpServers, mcpServerTools, type McpServerRow, type McpServerToolRow, type McpStatus, type McpTransport } from '@/db/schema';

export type NewMcpServer = {
  name: string;
  transport: McpTransport;
  url?: string | null;
  command?: string | null;
  args?: string[];
  credentialId?: string | null;
  credentialEnv?: string | null;
  enabled?: boolean;
};

/** A tool as a server listed it, schemas already normalised (an object schema, never absent). */
export type SyncedTool = { name: string; title?: string | null; description: string; inputSchema: Record<string, unknown>; outputSchema?: Record<string, unknown> | null };

export const listMcpServers = (db: Db): Promise<McpServerRow[]> => db.select().from(mcpServers).orderBy(asc(mcpServers.name));

export async function findMcpServer(db: Db, id: string): Promise<McpServerRow | undefined> {
  const [row] = await db.select().from(mcpServers).where(eq(mcpServers.id, id));
  return row;
}

/** Undefined when the name is taken (names are unique). */
export async function insertMcpServer(db: Db, s: NewMcpServer): Promise<McpServerRow | undefined> {
  const [row] = await db.insert(mcpServers).values(s).onConflictDoNothing({ target: mcpServers.name }).returning();
  return row;
}

export async function updateMcpServer(db: Db, id: string, patch: Partial<NewMcpServer>): Promise<McpServerRow | undefined> {
  const [row] = await db.update(mcpServers).set({ ...patch, updatedAt: new Date() }).where(eq(mcpServers.id, id)).returning();
  return row;
}

export async function deleteMcpServer(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(mcpServers).where(eq(mcpServers.id, id)).returning({ id: mcpServers.id });
  return rows.length > 0;
}

/** Records the outcome of a connection attempt or a failed call: `lastError` in words, or null when ok. */
export async function setMcpServerHealth(db: Db, id: string, status: McpStatus, lastError: string | null): Promise<void> {
  await db.update(mcpServers).set({ status, lastError, checkedAt: new Date() }).where(eq(mcpServers.id, id));
}

export const listMcpServerTools = (db: Db, serverId: string): Promise<McpServerToolRow[]> =>
  db.select().from(mcpServerTools).where(eq(mcpServerTools.serverId, serverId)).orderBy(asc(mcpServerTools.name));

export async function findMcpServerTool(db: Db, serverId: string, name: string): Promise<McpServerToolRow | undefined> {
  const [row] = await db.select().from(mcpServerTools).where(and(eq(mcpServerTools.serverId, serverId), eq(mcpServerTools.name, name)));
  return row;
}

/**
 * Replaces a server's tool list with what it listed now, in one transaction: new tools arrive
 * unexposed, known tools keep the admin's `exposed` choice and get the current schemas, tools
 * no longer listed are removed.
 */
export async function syncMcpServerTools(db: Db, serverId: string, tools: readonly SyncedTool[]): Promise<void> {
  await db.transaction(async (tx) => {
    const names = tools.map((t) => t.name);
    await tx.delete(mcpServerTools).where(names.length ? and(eq(mcpServerTools.serverId, serverId), notInArray(mcpServerTools.name, names)) : eq(mcpServerTools.serverId, serverId));
    if (!tools.length) return;
    await tx
      .insert(mcpServerTools)
      .values(tools.map((t) => ({ serverId, name: t.name, title: t.title ?? null, description: t.description, inputSchema: t.inputSchema, outputSchema: t.outputSchema ?? null })))
      .onConflictDoUpdate({
        target: [mcpServerTools.serverId, mcpServerTools.name],
        set: {
          title: sql`excluded.title`,
          description: sql`excluded.description`,
          inputSchema: sql`excluded.input_schema`,
          outputSchema: sql`excluded.output_schema`,
          seenAt: sql`now()`,
        },
      });
  });
}

export async function setMcpToolExposed(db: Db, serverId: string, name: string, exposed: boolean): Promise<boolean> {
  const rows = await db.update(mcpServerTools).set({ exposed }).where(and(eq(mcpServerTools.serverId, serverId), eq(mcpServerTools.name, name))).returning({ name: mcpServerTools.name });
  return rows.length > 0;
}

/** Per server: how many tools it listed and how many of them are exposed. */
export async function countMcpServerTools(db: Db): Promise<Map<string, { total: number; exposed: number }>> {
  const rows = await db
    .select({ serverId: mcpServerTools.serverId, total: count(), exposed: sql<number>`count(*) filter (where ${mcpServerTools.exposed})::int` })
    .from(mcpServerTools)
    .groupBy(mcpServerTools.serverId);
  return new Map(rows.map((r) => [r.serverId, { total: r.total, exposed: r.exposed }]));
}
