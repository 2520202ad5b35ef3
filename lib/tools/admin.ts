import 'server-only';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Db, Sql, Tx } from '@/db/client';
import * as schema from '@/db/schema';
import { insertAuditRows } from '@/db/queries/audit';
import { addCredentialGrant, deleteGrantsOfSubject, findCredentialRow } from '@/db/queries/credentials';
import { addToolVersion, changeToolIfUnused, getTool, getToolByName, insertTool, type GuardedChange } from '@/db/queries/tools';
import type { AuditEntry } from '@/lib/audit/entries';
import { builtinTool } from './builtins';
import type { ToolForm } from './form';

/*
 * Every change runs in one transaction with its audit entry and, for an HTTP tool that names a
 * credential, the credential's grant to the tool (so the vault reveals it at call time): the
 * tool, its grant and its audit row commit together or not at all. The registry's queries use
 * postgres.js transactions; the vault's and the audit's use drizzle, over that same transaction.
 */

export type ToolChangeResult = { ok: true; id: string; version: number } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

const split = (f: ToolForm) => ({
  governance: { name: f.name, description: f.description, category: f.category, accessRoles: f.accessRoles, approval: f.approval },
  version: { description: f.description, inputSchema: f.inputSchema, outputSchema: f.outputSchema, config: f.config, timeoutMs: f.timeoutMs, retry: f.retry },
});

// drizzle reads the client's parser options, which a postgres.js transaction lacks: it borrows its pool's.
const drizzleOf = (sql: Sql, tx: Tx) => drizzle(Object.assign(tx, { options: sql.options }) as unknown as Sql, { schema }) as Db;
const credentialOf = (f: ToolForm) => (f.kind === 'http' ? (f.config.credentialId ?? null) : null);

/** In the write's transaction: grant the chosen credential to the tool, then the audit row. */
const afterSave = (sql: Sql, form: ToolForm, actorId: string | null, action: 'tool.register' | 'tool.edit') => async (tx: Tx, w: { id: string; version: number }) => {
  const db = drizzleOf(sql, tx);
  const credentialId = credentialOf(form);
  if (credentialId) await addCredentialGrant(db, credentialId, { kind: 'tool', id: w.id });
  const entry: AuditEntry = { action, target: w.id, details: { name: form.name, kind: form.kind, version: w.version, credentialId } };
  await insertAuditRows(db, actorId, [entry]);
};

/**
 * A builtin tool's contracts are the implementation's own: copied from BUILTIN_TOOLS whatever the
 * form sent, so the registry checks calls against what the code really takes and returns.
 * An unknown builtin key or credential is a field error.
 */
async function prepare(sql: Sql, form: ToolForm): Promise<ToolForm | Extract<ToolChangeResult, { ok: false }>> {
  const credentialId = credentialOf(form);
  if (credentialId && !(await findCredentialRow(drizzle(sql, { schema }) as Db, credentialId))) {
    return { ok: false, error: 'That credential no longer exists', fieldErrors: { 'config.credentialId': ['That credential no longer exists: choose another'] } };
  }
  if (form.kind !== 'builtin') return form;
  const builtin = builtinTool(form.config.key);
  if (!builtin) return { ok: false, error: 'Choose one of the built-in tools', fieldErrors: { 'config.key': ['Choose one of the built-in tools'] } };
  return { ...form, description: form.description || builtin.description, inputSchema: builtin.inputSchema, outputSchema: builtin.outputSchema };
}
const refused = (f: ToolForm | ToolChangeResult): f is Extract<ToolChangeResult, { ok: false }> => 'ok' in f;

const nameTaken = { ok: false as const, error: 'Another tool has this name', fieldErrors: { name: ['Another tool has this name'] } };

/** Registers a tool (version 1) from a parsed form. A taken name is a field error, not a failure. */
export async function registerTool(sql: Sql, sent: ToolForm, userId: string | null): Promise<ToolChangeResult> {
  const form = await prepare(sql, sent);
  if (refused(form)) return form;
  if (await getToolByName(sql, form.name)) return nameTaken;
  const { governance, version } = split(form);
  try {
    const { id } = await insertTool(sql, { ...governance, kind: form.kind, createdBy: userId }, version, afterSave(sql, form, userId, 'tool.register'));
    return { ok: true, id, version: 1 };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return nameTaken;
    throw err;
  }
}

/** An edit: a new version (the kind cannot change: a step's input expressions were written for it). */
export async function editTool(sql: Sql, toolId: string, sent: ToolForm, userId: string | null): Promise<ToolChangeResult> {
  const form = await prepare(sql, sent);
  if (refused(form)) return form;
  const tool = await getTool(sql, toolId);
  if (!tool) return { ok: false, error: 'This tool no longer exists' };
  if (tool.kind !== form.kind) return { ok: false, error: 'A tool keeps its kind: register a new tool instead', fieldErrors: { kind: ['A tool keeps its kind'] } };
  const other = await getToolByName(sql, form.name);
  if (other && other.id !== toolId) return nameTaken;
  const { governance, version } = split(form);
  try {
    // A credential an older version named keeps its grant: steps pinned to that version still call with it.
    const n = await addToolVersion(sql, toolId, governance, version, userId, afterSave(sql, form, userId, 'tool.edit'));
    return n === null ? { ok: false, error: 'This tool no longer exists' } : { ok: true, id: toolId, version: n };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return nameTaken;
    throw err;
  }
}

/**
 * Disable, enable or delete, refused with the list of flows when a published flow uses the tool.
 * Deleting also drops the credential grants the tool held, so a later tool cannot inherit them.
 */
export async function changeTool(sql: Sql, toolId: string, change: 'disable' | 'enable' | 'delete', userId: string | null = null): Promise<{ ok: true } | { ok: false; error: string; flows?: { id: string; name: string }[] }> {
  const r: GuardedChange = await changeToolIfUnused(sql, toolId, change, async (tx, tool) => {
    const db = drizzleOf(sql, tx);
    if (change === 'delete') await deleteGrantsOfSubject(db, { kind: 'tool', id: toolId });
    await insertAuditRows(db, userId, [{ action: `tool.${change}`, target: toolId, details: { name: tool.name } } satisfies AuditEntry]);
  });
  if (r.ok) return r;
  if (r.reason === 'not-found') return { ok: false, error: 'This tool no longer exists' };
  const names = r.flows.map((f) => `"${f.name}"`).join(', ');
  return { ok: false, error: `Published flows use this tool: ${names}. Change or deactivate them first.`, flows: r.flows };
}
