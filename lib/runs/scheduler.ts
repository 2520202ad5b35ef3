import 'server-only';
import { Cron } from 'croner';
import { log, errorFields } from '@/lib/log/logger';
import type { EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';
import { resumeRun } from './resume';
import { randomUUID } from 'node:crypto';
import { jsonbText } from '@/db/jsonb-text';

export const TICK_MS = 1_000;
/** A fire time this recent counts as on time; older ones were missed (downtime). */
const ON_TIME_MS = 10_000;

type Row = { flow_id: string; version_id: string; last_fire: Date | string | null };

/**
 * Fires due schedules of active flows, at most once per (flow, step, fire time) however many
 * workers tick: each fire is claimed by inserting its row (primary key), and only the worker
 * whose insert succeeded starts the run. `now` comes from the caller's clock (tests pass a fake).
 *
 * Missed fires (after downtime) collapse to the latest one: `missed: "once"` runs it as a
 * single catch-up, `missed: "skip"` records it as skipped. A new schedule never back-fills.
 */
export async function tickSchedules(rt: EngineRuntime, now: Date): Promise<string[]> {
  const rows = await rt.sql<Row[]>`
    select f.id as flow_id, f.active_version_id as version_id,
      (select max(fire_at) from schedule_fires sf where sf.flow_id = f.id) as last_fire
    from flows f join flow_versions v on v.id = f.active_version_id
    where f.active and v.definition->'steps' @> '[{"type": "schedule-trigger"}]'`;
  const started: string[] = [];
  for (const row of rows) {
    try {
      const prepared = await getPreparedVersion(rt.sql, row.version_id);
      for (const step of prepared.flow.steps.filter((s) => s.type === 'schedule-trigger')) {
        const cfg = prepared.steps.get(step.id)!.config as { cron: string; timezone: string; missed: 'once' | 'skip' };
        const latest = new Cron(cfg.cron, { timezone: cfg.timezone, paused: true }).previousRuns(1, new Date(now.getTime() + 1))[0];
        if (!latest) continue;
        const last = row.last_fire ? new Date(row.last_fire) : null;
        if (last && latest.getTime() <= last.getTime()) continue;
        const onTime = now.getTime() - latest.getTime() <= ON_TIME_MS;
        if (!last && !onTime) continue;
        const skipped = !onTime && cfg.missed === 'skip';
        const runId = skipped ? null : randomUUID();
        const payload = { kind: 'schedule', body: { scheduledAt: latest.toISOString(), firedAt: now.toISOString(), catchUp: !onTime }, triggerStepId: step.id };
        // Claim the fire, write its run and the run's start job in one statement: a worker that
        // dies right after claiming leaves a run that any worker starts, never a lost fire. A flow
        // with a concurrency limit gets its run queued; start_queued admits it under the limit.
        const limited = prepared.flow.settings.concurrency !== undefined;
        const claimed = await rt.sql`
          with claim as (
            insert into schedule_fires (flow_id, step_id, fire_at, skipped, run_id) values (${row.flow_id}, ${step.id}, ${latest.toISOString()}, ${skipped}, ${runId})
            on conflict do nothing returning run_id
          ), run_row as (
            insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, lease_owner, started_at)
            select run_id, ${row.flow_id}, ${row.version_id}, false, ${limited ? 'queued' : 'running'}, 'schedule', ${jsonbText(payload)}::jsonb, null, now() from claim where run_id is not null
            returning id
          )
          select (select count(*) from claim)::int as claimed, (select case when ${limited}
            then graphile_worker.add_job('start_queued', json_build_object('flowId', ${row.flow_id}::text), job_key := 'queued:' || ${row.flow_id}::text)
            else graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'start:' || id::text) end from run_row) as job`;
        if (!claimed[0]?.claimed || !runId) continue;
        started.push(runId);
        if (limited) continue;
        // Start it here at once; the queued job is the durable copy (whoever claims the lease runs it).
        void resumeRun(rt, runId).catch((err) => log.warn('scheduled run did not start here; the queue will start it', { runId, ...errorFields(err) }));
      }
    } catch (err) {
      log.error('schedule tick failed for a flow', { flowId: row.flow_id, ...errorFields(err) });
    }
  }
  return started;
}

/** Upcoming fire times for the editor. */
export function nextFires(cron: string, timezone: string, n = 5, from = new Date()): string[] {
  return new Cron(cron, { timezone, paused: true }).nextRuns(n, from).map((d) => d.toISOString());
}
