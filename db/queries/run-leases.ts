import 'server-only';
import type { Sql } from '@/db/client';

/**
 * Who executes a run: the lease a worker claims on it, hands back, or loses when it stops. Every
 * freed lease gets a resume job, so a run is never left without a way to continue.
 */

export type LeasedRun = {
  id: string;
  flow_id: string;
  version_id: string;
  is_test: boolean;
  trigger_kind: string;
  trigger: unknown;
  state: unknown;
  started_at: Date | string;
  parent_run_id: string | null;
  parent_step_id: string | null;
  parent_attempt: number | null;
  item_index: number | null;
  depth: number;
};

/** Leases an unfinished run to `workerId` when no live worker holds it; the run row, or nothing. */
export async function claimRunLease(sql: Sql, runId: string, workerId: string): Promise<LeasedRun | undefined> {
  const [run] = await sql<LeasedRun[]>`
    update runs set lease_owner = ${workerId}, lease_expires_at = now()
    where id = ${runId} and status in ('running', 'waiting')
      and (lease_owner is null or not exists (select 1 from workers w where w.id = runs.lease_owner))
    returning id, flow_id, version_id, is_test, trigger_kind, trigger, state, started_at, parent_run_id, parent_step_id, parent_attempt, item_index, depth`;
  return run;
}

/** A run's status and current lease holder (null: nobody). */
export async function runLease(sql: Sql, runId: string): Promise<{ status: string; lease_owner: string | null } | undefined> {
  const [cur] = await sql<{ status: string; lease_owner: string | null }[]>`select status, lease_owner from runs where id = ${runId}`;
  return cur;
}

export type RunningAttempt = {
  step_id: string;
  iteration_path: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: unknown;
  started_at: Date | string;
};

/** The step attempts of a run that were running when its executor stopped. */
export async function runningAttempts(sql: Sql, runId: string): Promise<RunningAttempt[]> {
  return sql<RunningAttempt[]>`
    select step_id, iteration_path, attempt, status, input, output, error, started_at from step_runs
    where run_id = ${runId} and status = 'running'`;
}

/** Gives up `workerId`'s lease on a run (a wake-up that changed nothing commits nothing). */
export async function handBackLease(sql: Sql, runId: string, workerId: string): Promise<void> {
  await sql`update runs set lease_owner = null where id = ${runId} and lease_owner = ${workerId}`;
}

/**
 * Deletes workers whose heartbeat stopped (other than `workerId`), frees their runs with a resume
 * job each, and unlocks their queue jobs; the number of runs freed.
 */
export async function freeDeadWorkersRuns(sql: Sql, workerId: string, staleAfterMs: number): Promise<number> {
  const rows = await sql<{ runs: number }[]>`
    with stale as (
      delete from workers where heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000}) and id <> ${workerId}
      returning id, queue_worker_ids
    ), freed as (
      update runs set lease_owner = null where lease_owner in (select id from stale) and status in ('running', 'waiting') returning id
    ), jobs as (
      select graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'resume:' || id::text) from freed
    ), unlocked as (
      select graphile_worker.force_unlock_workers(array(select unnest(queue_worker_ids) from stale)) where exists (select 1 from stale)
    )
    select (select count(*) from jobs)::int as runs, (select count(*) from unlocked)::int as u`;
  return rows[0]?.runs ?? 0;
}

/** Frees the runs leased to `workerId` outside `held` and older than `youngClaimMs`, with a resume job each; how many. */
export async function freeOrphanedLeases(sql: Sql, workerId: string, held: string[], youngClaimMs: number): Promise<number> {
  const rows = await sql<{ id: string }[]>`
    with orphan as (
      update runs set lease_owner = null
      where lease_owner = ${workerId} and status in ('running', 'waiting') and not (id = any(${held}::uuid[]))
        and (lease_expires_at is null or lease_expires_at < now() - make_interval(secs => ${youngClaimMs / 1000}))
      returning id
    )
    select id, graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'resume:' || id::text) from orphan`;
  return rows.length;
}

/**
 * Queues a resume job for unfinished runs that nobody holds and nothing will wake: no lease, no
 * live resume job (a run-timeout wake-up does not count: it may be hours away), no open review
 * task and no unfinished child run. A wake-up that was consumed without resuming the run (found
 * it held by an executor that then let go) leaves such a run, and no other sweep looks at runs
 * without a lease. Claims younger than `youngClaimMs` are left alone; the resume is idempotent,
 * so a run that was about to be woken anyway only gets a look that changes nothing. How many.
 */
export async function requeueStrandedRuns(sql: Sql, youngClaimMs: number): Promise<number> {
  const rows = await sql<{ id: string }[]>`
    with stranded as (
      select r.id from runs r
      where r.status in ('running', 'waiting') and r.lease_owner is null
        and (r.lease_expires_at is null or r.lease_expires_at < now() - make_interval(secs => ${youngClaimMs / 1000}))
        and not exists (
          select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
          where k.identifier = 'resume_run' and j.payload->>'runId' = r.id::text and j.attempts < j.max_attempts
            and coalesce(j.payload->'wake'->>'type', '') <> 'runTimeout')
        and not exists (select 1 from review_tasks t where t.run_id = r.id and t.status = 'open')
        and not exists (select 1 from runs c where c.parent_run_id = r.id and c.status in ('queued', 'running', 'waiting'))
      limit 200
    )
    select id, graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'resume:' || id::text) from stranded`;
  return rows.length;
}
