import 'server-only';
import type { Sql } from '@/db/client';
import { addToolVersion, changeToolIfUnused, getTool, getToolByName, insertTool, type GuardedChange } from '@/db/queries/tools';
import type { ToolForm } from './form';

export type ToolChangeResult = { ok: true; id: string; version: number } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

const split = (f: ToolForm) => ({
  governance: { name: f.name, description: f.description, category: f.category, accessRoles: f.accessRoles, approval: f.approval },
  version: { description: f.description, inputSchema: f.inputSchema, outputSchema: f.outputSchema, config: f.config, timeoutMs: f.timeoutMs, retry: f.retry },
});

const nameTaken = { ok: false as const, error: 'Another tool has this name', fieldErrors: { name: ['Another tool has this name'] } };

/** Registers a tool (version 1) from a parsed form. A taken name is a field error, not a failure. */
export async function registerTool(sql: Sql, form: ToolForm, userId: string | null): Promise<ToolChangeResult> {
  if (await getToolByName(sql, form.name)) return nameTaken;
  const { governance, version } = split(form);
  try {
    const { id } = await insertTool(sql, { ...governance, kind: form.kind, createdBy: userId }, version);
    return { ok: true, id, version: 1 };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return nameTaken;
    throw err;
  }
}

/** An edit: a new version (the kind cannot change: a step's input expressions were written for it). */
export async function editTool(sql: Sql, toolId: string, form: ToolForm, userId: string | null): Promise<ToolChangeResult> {
  const tool = await getTool(sql, toolId);
  if (!tool) return { ok: false, error: 'This tool no longer exists' };
  if (tool.kind !== form.kind) return { ok: false, error: 'A tool keeps its kind: register a new tool instead', fieldErrors: { kind: ['A tool keeps its kind'] } };
  const other = await getToolByName(sql, form.name);
  if (other && other.id !== toolId) return nameTaken;
  const { governance, version } = split(form);
  try {
    const n = await addToolVersion(sql, toolId, governance, version, userId);
    return n === null ? { ok: false, error: 'This tool no longer exists' } : { ok: true, id: toolId, version: n };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return nameTaken;
    throw err;
  }
}

/** Disable, enable or delete, refused with the list of flows when a published flow uses the tool. */
export async function changeTool(sql: Sql, toolId: string, change: 'disable' | 'enable' | 'delete'): Promise<{ ok: true } | { ok: false; error: string; flows?: { id: string; name: string }[] }> {
  const r: GuardedChange = await changeToolIfUnused(sql, toolId, change);
  if (r.ok) return r;
  if (r.reason === 'not-found') return { ok: false, error: 'This tool no longer exists' };
  const names = r.flows.map((f) => `"${f.name}"`).join(', ');
  return { ok: false, error: `Published flows use this tool: ${names}. Change or deactivate them first.`, flows: r.flows };
}
