import 'server-only';
import type { Sql } from '@/db/client';

/** The live view's reads of a run's event log (replay after a cursor, as NOTIFY announces commits). */

export type RunEventRow = { id: string; type: string; step_id: string | null; data: unknown; at: Date | string };

export async function runStatus(sql: Sql, runId: string): Promise<string | undefined> {
  const [run] = await sql<{ status: string }[]>`select status from runs where id = ${runId}`;
  return run?.status;
}

/** The run's events after `afterId`, oldest first, at most `limit`. */
export async function eventsAfter(sql: Sql, runId: string, afterId: number, limit: number): Promise<RunEventRow[]> {
  return sql<RunEventRow[]>`select id, type, step_id, data, at from run_events where run_id = ${runId} and id > ${afterId} order by id limit ${limit}`;
}
