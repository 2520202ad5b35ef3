import 'server-only';
import type { Sql } from '@/db/client';

/** What people do to runs from outside: cancel one that has not ended, delete ones that have. */

/** Queues the cancel signal of an unfinished run; false when the run is missing or has ended. */
export async function queueCancel(sql: Sql, runId: string, reason: string): Promise<boolean> {
  const [row] = await sql<{ id: string }[]>`
    with target as (select id from runs where id = ${runId} and status in ('queued', 'running', 'waiting')),
    job as (
      select graphile_worker.add_job('resume_run', json_build_object('runId', id::text, 'signal', json_build_object('type', 'cancel', 'reason', ${reason}::text)),
        job_key := 'cancel:' || id::text) from target
    )
    select id::text from target, (select count(*) from job) j`;
  return Boolean(row);
}

/** Deletes the finished ones of these runs (steps and events go by cascade); how many. */
export async function deleteFinishedRuns(sql: Sql, runIds: string[]): Promise<number> {
  const rows = await sql`delete from runs where id = any(${runIds}::uuid[]) and status in ('succeeded', 'failed', 'cancelled') returning id`;
  return rows.length;
}
