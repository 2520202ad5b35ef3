import 'server-only';
import type { Sql } from '@/db/client';
import { deleteExpiredResponses } from '@/db/queries/model-cache';

export const RETENTION_EVERY_MS = 3_600_000;

/**
 * Deletes finished runs (with their steps and events, by cascade) that a flow's retention
 * setting does not keep: "failed" keeps failed runs, "none" keeps nothing beyond `days`.
 * Also drops expired model responses. Safe to run in every worker; deletes are idempotent.
 */
export async function applyRetention(sql: Sql, now: Date): Promise<number> {
  const rows = await sql`
    delete from runs r using flows f
    where r.flow_id = f.id
      and f.draft->'settings'->'retention' is not null
      and r.status in ('succeeded', 'failed', 'cancelled')
      and r.started_at < ${now.toISOString()}::timestamptz - ((f.draft->'settings'->'retention'->>'days')::int * interval '1 day')
      and (f.draft->'settings'->'retention'->>'keep' = 'none'
        or (f.draft->'settings'->'retention'->>'keep' = 'failed' and r.status <> 'failed'))
    returning r.id`;
  await deleteExpiredResponses(sql, now);
  return rows.length;
}
