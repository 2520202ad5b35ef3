import 'server-only';
import { Cron } from 'croner';
import { log, errorFields } from '@/lib/log/logger';
import type { EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';

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
        const claimed = await rt.sql`
          insert into schedule_fires (flow_id, step_id, fire_at, skipped) values (${row.flow_id}, ${step.id}, ${latest.toISOString()}, ${skipped})
          on conflict do nothing returning fire_at`;
        if (!claimed.length || skipped) continue;
        const run = await rt.startVersion({
          flowId: row.flow_id, versionId: row.version_id, isTest: false, triggerStepId: step.id,
          payload: { kind: 'schedule', body: { scheduledAt: latest.toISOString(), firedAt: now.toISOString(), catchUp: !onTime } },
        });
        await run.firstCommit;
        await rt.sql`update schedule_fires set run_id = ${run.runId} where flow_id = ${row.flow_id} and step_id = ${step.id} and fire_at = ${latest.toISOString()}`;
        started.push(run.runId);
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
