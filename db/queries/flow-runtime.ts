import 'server-only';
import type { Sql } from '@/db/client';

export type WebhookTarget = { flowId: string; active: boolean; activeVersionId: string | null };

/** The hot-path lookup of a webhook URL's flow: one indexed row, no joins. */
export async function findWebhookTarget(sql: Sql, webhookKey: string): Promise<WebhookTarget | undefined> {
  const [row] = await sql<{ id: string; active: boolean; active_version_id: string | null }[]>`
    select id, active, active_version_id from flows where webhook_key = ${webhookKey}`;
  return row ? { flowId: row.id, active: row.active, activeVersionId: row.active_version_id } : undefined;
}

export async function loadVersionDefinition(sql: Sql, versionId: string): Promise<unknown | undefined> {
  const [row] = await sql<{ definition: unknown }[]>`select definition from flow_versions where id = ${versionId}`;
  return row?.definition;
}

export type LaunchTarget = { active: boolean; activeVersionId: string | null; draft: unknown };

/** What the run launcher needs of a flow: whether it is active, its active version, its draft. */
export async function findLaunchTarget(sql: Sql, flowId: string): Promise<LaunchTarget | undefined> {
  const [row] = await sql<{ active: boolean; active_version_id: string | null; draft: unknown }[]>`
    select active, active_version_id, draft from flows where id = ${flowId}`;
  return row ? { active: row.active, activeVersionId: row.active_version_id, draft: row.draft } : undefined;
}
