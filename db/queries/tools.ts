import 'server-only';
import type { Sql, Tx } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';
import type { ToolApproval, ToolKind, ToolRetry } from '@/db/schema';

/** A tool's identity and governance, as the registry lists and checks it. */
export type ToolRow = {
  id: string;
  name: string;
  description: string;
  category: string;
  kind: ToolKind;
  enabled: boolean;
  latestVersion: number;
  accessRoles: string[];
  approval: ToolApproval;
  /** Timestamps come back as PostgreSQL's text (drizzle's client leaves them unparsed). */
  createdAt: string;
  updatedAt: string;
};

/** One immutable version of a tool: what a call does. */
export type ToolVersionRow = {
  toolId: string;
  version: number;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  config: unknown;
  timeoutMs: number;
  retry: ToolRetry;
  createdBy: string | null;
  createdAt: string;
};

export type NewToolVersion = Pick<ToolVersionRow, 'description' | 'inputSchema' | 'outputSchema' | 'config' | 'timeoutMs' | 'retry'>;
export type ToolGovernance = Pick<ToolRow, 'name' | 'description' | 'category' | 'accessRoles' | 'approval'>;

const TOOL_COLUMNS = (sql: Sql) => sql`id, name, description, category, kind, enabled, latest_version as "latestVersion", access_roles as "accessRoles", approval, created_at as "createdAt", updated_at as "updatedAt"`;
const VERSION_COLUMNS = (sql: Sql) =>
  sql`tool_id as "toolId", version, description, input_schema as "inputSchema", output_schema as "outputSchema", config, timeout_ms as "timeoutMs", retry, created_by as "createdBy", created_at as "createdAt"`;

/** Every tool, by category then name. */
export async function listTools(sql: Sql): Promise<ToolRow[]> {
  return [...(await sql<ToolRow[]>`select ${TOOL_COLUMNS(sql)} from tools order by category, name`)];
}

/** Tools with their latest version's contracts: what the palette and the editor need to place one. */
export async function listToolsWithContracts(sql: Sql): Promise<(ToolRow & Pick<ToolVersionRow, 'inputSchema' | 'outputSchema'>)[]> {
  const rows = await sql<(ToolRow & Pick<ToolVersionRow, 'inputSchema' | 'outputSchema'>)[]>`
    select t.id, t.name, t.description, t.category, t.kind, t.enabled, t.latest_version as "latestVersion", t.access_roles as "accessRoles", t.approval,
      t.created_at as "createdAt", t.updated_at as "updatedAt", v.input_schema as "inputSchema", v.output_schema as "outputSchema"
    from tools t join tool_versions v on v.tool_id = t.id and v.version = t.latest_version
    order by t.category, t.name`;
  return [...rows];
}

export async function getTool(sql: Sql, id: string): Promise<ToolRow | undefined> {
  const [row] = await sql<ToolRow[]>`select ${TOOL_COLUMNS(sql)} from tools where id = ${id}`;
  return row;
}

export async function getToolByName(sql: Sql, name: string): Promise<ToolRow | undefined> {
  const [row] = await sql<ToolRow[]>`select ${TOOL_COLUMNS(sql)} from tools where name = ${name}`;
  return row;
}

/** The named tools that exist (for flagging a flow that uses a denied, disabled or missing tool). */
export async function getToolsByIds(sql: Sql, ids: readonly string[]): Promise<ToolRow[]> {
  if (!ids.length) return [];
  return [...(await sql<ToolRow[]>`select ${TOOL_COLUMNS(sql)} from tools where id = any(${ids as string[]}::uuid[])`)];
}

export async function getToolVersion(sql: Sql, toolId: string, version: number): Promise<ToolVersionRow | undefined> {
  const [row] = await sql<ToolVersionRow[]>`select ${VERSION_COLUMNS(sql)} from tool_versions where tool_id = ${toolId} and version = ${version}`;
  return row;
}

export async function listToolVersions(sql: Sql, toolId: string): Promise<ToolVersionRow[]> {
  return [...(await sql<ToolVersionRow[]>`select ${VERSION_COLUMNS(sql)} from tool_versions where tool_id = ${toolId} order by version desc`)];
}

/** Registers a tool and its version 1 in one transaction. Throws on a duplicate name (unique violation 23505). */
/** Runs in the change's own transaction after the write (grants, audit rows): both commit or neither. */
export type AfterToolWrite = (tx: Tx, write: { id: string; version: number }) => Promise<void>;
const nothing: AfterToolWrite = async () => {};

export async function insertTool(sql: Sql, t: ToolGovernance & { kind: ToolKind; createdBy: string | null }, v: NewToolVersion, after: AfterToolWrite = nothing): Promise<{ id: string }> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into tools (name, description, category, kind, access_roles, approval, created_by)
      values (${t.name}, ${t.description}, ${t.category}, ${t.kind}, ${t.accessRoles}, ${t.approval}, ${t.createdBy}) returning id`;
    await tx`insert into tool_versions (tool_id, version, description, input_schema, output_schema, config, timeout_ms, retry, created_by)
      values (${row!.id}, 1, ${v.description}, ${jsonbText(v.inputSchema)}::jsonb, ${jsonbText(v.outputSchema)}::jsonb, ${jsonbText(v.config)}::jsonb, ${v.timeoutMs}, ${jsonbText(v.retry)}::jsonb, ${t.createdBy})`;
    await after(tx, { id: row!.id, version: 1 });
    return { id: row!.id };
  }) as Promise<{ id: string }>;
}

/** An edit: governance updated in place, the rest as the next version. Returns that version, or null for an unknown tool. */
export async function addToolVersion(sql: Sql, toolId: string, t: ToolGovernance, v: NewToolVersion, createdBy: string | null, after: AfterToolWrite = nothing): Promise<number | null> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ version: number }[]>`
      update tools set latest_version = latest_version + 1, name = ${t.name}, description = ${t.description}, category = ${t.category},
        access_roles = ${t.accessRoles}, approval = ${t.approval}, updated_at = now()
      where id = ${toolId} returning latest_version as version`;
    if (!row) return null;
    await tx`insert into tool_versions (tool_id, version, description, input_schema, output_schema, config, timeout_ms, retry, created_by)
      values (${toolId}, ${row.version}, ${v.description}, ${jsonbText(v.inputSchema)}::jsonb, ${jsonbText(v.outputSchema)}::jsonb, ${jsonbText(v.config)}::jsonb, ${v.timeoutMs}, ${jsonbText(v.retry)}::jsonb, ${createdBy})`;
    await after(tx, { id: toolId, version: row.version });
    return row.version;
  }) as Promise<number | null>;
}

/** Flows whose active published version has a Tool call step naming this tool (its primary config or an alternative). */
export async function flowsUsingTool(sql: Sql, toolId: string): Promise<{ id: string; name: string }[]> {
  const rows = await sql<{ id: string; name: string }[]>`
    select f.id, f.name from flows f join flow_versions v on v.id = f.active_version_id
    where jsonb_path_exists(v.definition, '$.steps[*] ? (@.type == "tool-call") ? (@.config.toolId == $id || @.policy.alternatives[*].config.toolId == $id)', jsonb_build_object('id', ${toolId}::text))
    order by f.name`;
  return [...rows];
}

export type GuardedChange = { ok: true } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'in-use'; flows: { id: string; name: string }[] };

/**
 * Disables or deletes a tool unless a published flow uses it. The tool row is locked for the
 * check, so two admins cannot both pass it with different answers. Enabling is never refused.
 */
export async function changeToolIfUnused(sql: Sql, toolId: string, change: 'disable' | 'delete' | 'enable', after: (tx: Tx, tool: { name: string }) => Promise<void> = async () => {}): Promise<GuardedChange> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string; name: string }[]>`select id, name from tools where id = ${toolId} for update`;
    if (!row) return { ok: false, reason: 'not-found' } as const;
    if (change !== 'enable') {
      const used = await flowsUsingTool(tx as unknown as Sql, toolId);
      if (used.length) return { ok: false, reason: 'in-use', flows: used } as const;
    }
    if (change === 'delete') await tx`delete from tools where id = ${toolId}`;
    else await tx`update tools set enabled = ${change === 'enable'}, updated_at = now() where id = ${toolId}`;
    await after(tx, { name: row.name });
    return { ok: true } as const;
  }) as Promise<GuardedChange>;
}

/** What a call must know fresh each time (governance can change between calls; versions cannot). */
export type ToolCallHead = Pick<ToolRow, 'id' | 'name' | 'kind' | 'enabled' | 'approval' | 'latestVersion'>;
export async function getToolCallHead(sql: Sql, toolId: string): Promise<ToolCallHead | undefined> {
  const [row] = await sql<ToolCallHead[]>`select id, name, kind, enabled, approval, latest_version as "latestVersion" from tools where id = ${toolId}`;
  return row;
}

/** Records on an attempt's row which tool version it called (the row was committed before the call started). */
export async function recordToolOnAttempt(sql: Sql, a: { runId: string; stepId: string; attempt: number }, toolId: string, version: number): Promise<void> {
  await sql`update step_runs set tool_id = ${toolId}, tool_version = ${version}
    where run_id = ${a.runId} and step_id = ${a.stepId} and iteration_path = '' and attempt = ${a.attempt}`;
}
