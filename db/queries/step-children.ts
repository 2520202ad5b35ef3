import 'server-only';
import type { Sql } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';

export type ChildRef = { runId: string; stepId: string; iterationPath: string; key: string };

/**
 * Claims a child attempt: a new key is recorded as started (committed before its effect); a key
 * that finished returns its result; one cut short (still "running") counts one more attempt.
 */
export async function claimChild(sql: Sql, c: ChildRef): Promise<{ done: true; result: unknown } | { done: false; attempts: number }> {
  const [row] = await sql<{ status: string; result: unknown; attempts: number }[]>`
    insert into step_children (run_id, step_id, iteration_path, key, status)
    values (${c.runId}, ${c.stepId}, ${c.iterationPath}, ${c.key}, 'running')
    on conflict (run_id, step_id, iteration_path, key) do update
      set attempts = step_children.attempts + case when step_children.status = 'succeeded' then 0 else 1 end,
          status = case when step_children.status = 'succeeded' then 'succeeded' else 'running' end
    returning status, result, attempts`;
  return row!.status === 'succeeded' ? { done: true, result: row!.result } : { done: false, attempts: row!.attempts };
}

/**
 * Records a child attempt's end: its result, or that it failed (a later claim runs it again; the
 * error itself belongs to the step's attempt, where secrets are masked, not here).
 */
export async function finishChild(sql: Sql, c: ChildRef, end: { ok: true; result: unknown } | { ok: false }): Promise<void> {
  const status = end.ok ? 'succeeded' : 'failed';
  const result = end.ok ? jsonbText(end.result ?? null) : null;
  await sql`update step_children set status = ${status}, result = ${result}::jsonb, finished_at = now()
    where run_id = ${c.runId} and step_id = ${c.stepId} and iteration_path = ${c.iterationPath} and key = ${c.key}`;
}
