import 'server-only';
import type { Sql } from '@/db/client';
import type { ReviewDecision } from '@/lib/engine/types';
import { jsonbText } from '@/db/jsonb-text';

export class RunControlError extends Error {}

/**
 * Resolves an open review task, writes its audit row (a `review.resolve` entry) and queues the
 * run's resumption in the same statement, so a decision is never recorded without the run hearing
 * of it, nor without its audit row. Any worker picks it up.
 */
export async function resolveReviewTask(sql: Sql, taskId: string, decision: ReviewDecision, actorId: string | null): Promise<{ runId: string }> {
  const [row] = await sql<{ run_id: string }[]>`
    with task as (
      update review_tasks set status = 'resolved', resolution = ${jsonbText(decision)}::jsonb, resolved_by = ${actorId}, resolved_at = now()
      where id = ${taskId} and status = 'open'
      returning run_id, step_id
    ), job as (
      select graphile_worker.add_job('resume_run',
        json_build_object('runId', task.run_id::text, 'signal', json_build_object('type', 'reviewResolved', 'stepId', task.step_id, 'decision', ${jsonbText(decision)}::json)),
        job_key := 'review:' || ${taskId}::text) from task
    ), audited as (
      insert into audit_log (actor_id, action, target, details)
      select ${actorId}::uuid, 'review.resolve', ${taskId}::text, jsonb_build_object('runId', task.run_id, 'stepId', task.step_id, 'action', ${decision.action}::text) from task
    )
    select run_id::text from task, (select count(*) from job) j`;
  if (!row) throw new RunControlError('This review task does not exist or was already resolved');
  return { runId: row.run_id };
}

/** Cancels a running or waiting run: running steps are aborted, waits and retries dropped. */
export async function cancelRun(sql: Sql, runId: string, reason = 'Cancelled by a user'): Promise<void> {
  const [row] = await sql<{ id: string }[]>`
    with target as (select id from runs where id = ${runId} and status in ('queued', 'running', 'waiting')),
    job as (
      select graphile_worker.add_job('resume_run', json_build_object('runId', id::text, 'signal', json_build_object('type', 'cancel', 'reason', ${reason}::text)),
        job_key := 'cancel:' || id::text) from target
    )
    select id::text from target, (select count(*) from job) j`;
  if (!row) throw new RunControlError('Only a running or waiting run can be cancelled');
}
