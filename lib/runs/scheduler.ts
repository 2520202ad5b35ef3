import 'server-only';
import { Cron } from 'croner';
import { log, errorFields } from '@/lib/log/logger';
import type { EngineRuntime } from './engine-types';
import { getPreparedVersion } from './flow-cache';
import { launch, LaunchError } from './launch';
import { recordSkippedFire, scheduledFlows } from '@/db/queries/schedule-fires';

export const TICK_MS = 1_000;
/** A fire time this recent counts as on time; older ones were missed (downtime). */
const ON_TIME_MS = 10_000;

/**
 * Fires due schedules of active flows, at most once per (flow, step, fire time) however many
 * workers tick: each fire is claimed by inserting its row (primary key), and only the worker
 * whose insert succeeded starts the run. `now` comes from the caller's clock (tests pass a fake).
 *
 * Missed fires (after downtime) collapse to the latest one: `missed: "once"` runs it as a
 * single catch-up, `missed: "skip"` records it as skipped. A new schedule never back-fills.
 */
export async function tickSchedules(rt: EngineRuntime, now: Date): Promise<string[]> {
  const started: string[] = [];
  for (const row of await scheduledFlows(rt.sql)) {
    try {
      const prepared = await getPreparedVersion(rt.sql, row.versionId);
      for (const step of prepared.flow.steps.filter((s) => s.type === 'schedule-trigger')) {
        const cfg = prepared.steps.get(step.id)!.config as { cron: string; timezone: string; missed: 'once' | 'skip' };
        const latest = new Cron(cfg.cron, { timezone: cfg.timezone, paused: true }).previousRuns(1, new Date(now.getTime() + 1))[0];
        if (!latest) continue;
        const last = row.lastFire;
        if (last && latest.getTime() <= last.getTime()) continue;
        const onTime = now.getTime() - latest.getTime() <= ON_TIME_MS;
        if (!last && !onTime) continue;
        const fire = { stepId: step.id, at: latest.toISOString() };
        if (!onTime && cfg.missed === 'skip') {
          await recordSkippedFire(rt.sql, { flowId: row.flowId, stepId: fire.stepId, fireAt: fire.at });
          continue;
        }
        const payload = { kind: 'schedule', body: { scheduledAt: fire.at, firedAt: now.toISOString(), catchUp: !onTime }, triggerStepId: step.id };
        const run = await launch(rt, { flowId: row.flowId, version: { kind: 'version', versionId: row.versionId, isTest: false }, payload, fire }).catch(
          (e: unknown) => {
            if (e instanceof LaunchError && e.code === 'taken') return null; // another worker's tick won this fire
            throw e;
          },
        );
        if (run) started.push(run.runId);
      }
    } catch (err) {
      log.error('schedule tick failed for a flow', { flowId: row.flowId, ...errorFields(err) });
    }
  }
  return started;
}

/** Upcoming fire times for the editor. */
export function nextFires(cron: string, timezone: string, n = 5, from = new Date()): string[] {
  return new Cron(cron, { timezone, paused: true }).nextRuns(n, from).map((d) => d.toISOString());
}
