import 'server-only';
import type { Sql } from '@/db/client';
import { WAKE_CHANNEL } from '@/db/channels';

/** How a call-flow step sees its child runs, picks the version they run, and hears them end. */

export type ChildRunRow = { id: string; index: number; status: string; output: unknown; error: { message?: string } | null };

/** The child runs one attempt of a parent step started. */
export async function listChildRuns(sql: Sql, p: { runId: string; stepId: string; attempt: number }): Promise<ChildRunRow[]> {
  const rows = await sql<ChildRunRow[]>`
    select id, item_index as index, status, output, error from runs
    where parent_run_id = ${p.runId} and parent_step_id = ${p.stepId} and parent_attempt = ${p.attempt}`;
  return [...rows];
}

/** A flow's version by published number, else its active published version; null when there is none. */
export async function publishedVersionId(sql: Sql, flowId: string, number?: number): Promise<string | null> {
  const [row] = number
    ? await sql<{ id: string }[]>`select id from flow_versions where flow_id = ${flowId} and number = ${number}`
    : await sql<{ id: string }[]>`select active_version_id as id from flows where id = ${flowId} and active_version_id is not null`;
  return row?.id ?? null;
}

/** Tells the worker holding a parent run that a child of its step ended (the queued job is the durable copy). */
export async function notifyChildDone(sql: Sql, parentRunId: string, stepId: string): Promise<void> {
  await sql`select pg_notify(${WAKE_CHANNEL}, ${`${parentRunId}:${stepId}`})`;
}
