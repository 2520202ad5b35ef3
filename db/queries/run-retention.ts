import 'server-only';
import type { Sql } from '@/db/client';

/**
 * Deletes finished runs (with their steps and events, by cascade) that their flow's retention
 * setting does not keep: "failed" keeps failed runs, "none" keeps nothing beyond `days`. How many.
 */
export async function deleteExpiredRuns(sql: Sql, now: Date): Promise<number> {
  const rows = await sql`
    delete from runs r using flows f
    where r.flow_id = f.id
      and f.draft->'settings'->'retention' is not null
      and r.status in ('succeeded', 'failed', 'cancelled')
      and r.started_at < ${now.toISOString()}::timestamptz - ((f.draft->'settings'->'retention'->>'days')::int * interval '1 day')
      and (f.draft->'settings'->'retention'->>'keep' = 'none'
        or (f.draft->'settings'->'retention'->>'keep' = 'failed' and r.status <> 'failed'))
    returning r.id`;
  return rows.length;
}
