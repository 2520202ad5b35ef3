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
