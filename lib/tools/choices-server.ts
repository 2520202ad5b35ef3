import 'server-only';
import type { Sql } from '@/db/client';
import { listToolsWithContracts } from '@/db/queries/tools';
import type { ToolChoice } from './choices';

/** Every tool for the editor, each marked placeable when one of `roles` may place it (admins always may). */
export async function toolChoicesFor(sql: Sql, roles: readonly string[]): Promise<ToolChoice[]> {
  const rows = await listToolsWithContracts(sql);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    category: t.category,
    latestVersion: t.latestVersion,
    approval: t.approval,
    enabled: t.enabled,
    placeable: roles.includes('admin') || t.accessRoles.some((r) => roles.includes(r)),
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
  }));
}
