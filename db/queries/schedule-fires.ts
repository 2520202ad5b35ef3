import 'server-only';
import type { Sql } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';

/** A flow whose active version has a schedule trigger, with the latest fire already claimed. */
export type ScheduledFlow = { flowId: string; versionId: string; lastFire: Date | null };

/** The active flows with a schedule trigger, and the latest fire time each has claimed. */
export async function scheduledFlows(sql: Sql): Promise<ScheduledFlow[]> {
  const rows = await sql<{ flow_id: string; version_id: string; last_fire: Date | string | null }[]>`
    select f.id as flow_id, f.active_version_id as version_id,
      (select max(fire_at) from schedule_fires sf where sf.flow_id = f.id) as last_fire
    from flows f join flow_versions v on v.id = f.active_version_id
    where f.active and v.definition->'steps' @> '[{"type": "schedule-trigger"}]'`;
  return rows.map((r) => ({ flowId: r.flow_id, versionId: r.version_id, lastFire: r.last_fire ? new Date(r.last_fire) : null }));
}

/**
 * Claims a fire and writes its run and the run's start job in one statement (the claim is the
 * fire's primary key): true when this caller's claim won. A `queued` run (the flow has a
 * concurrency limit) gets the start_queued job, which admits it under the limit; any other run a
 * resume_run job, keyed so that a start here and the queue's copy are one start.
 */
export async function claimScheduledRun(
  sql: Sql,
  a: { runId: string; flowId: string; versionId: string; stepId: string; fireAt: string; payload: { kind: string }; queued: boolean },
): Promise<boolean> {
  const [row] = await sql<{ claimed: number }[]>`
    with claim as (
      insert into schedule_fires (flow_id, step_id, fire_at, skipped, run_id) values (${a.flowId}, ${a.stepId}, ${a.fireAt}, false, ${a.runId})
      on conflict do nothing returning run_id
    ), run_row as (
      insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, lease_owner, started_at)
      select run_id, ${a.flowId}, ${a.versionId}, false, ${a.queued ? 'queued' : 'running'}, ${a.payload.kind}, ${jsonbText(a.payload)}::jsonb, null, now() from claim
      returning id
    )
    select (select count(*) from claim)::int as claimed, (select case when ${a.queued}
      then graphile_worker.add_job('start_queued', json_build_object('flowId', ${a.flowId}::text), job_key := 'queued:' || ${a.flowId}::text)
      else graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'start:' || id::text) end from run_row) as job`;
  return Boolean(row?.claimed);
}

/** Records a missed fire that `missed: "skip"` drops: claimed like a run's fire, so it is seen once. */
export async function recordSkippedFire(sql: Sql, a: { flowId: string; stepId: string; fireAt: string }): Promise<void> {
  await sql`insert into schedule_fires (flow_id, step_id, fire_at, skipped, run_id) values (${a.flowId}, ${a.stepId}, ${a.fireAt}, true, null) on conflict do nothing`;
}
