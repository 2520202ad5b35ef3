import 'server-only';
import { addFlowDailyStats, type FlowDayDelta } from '@/db/queries/flow-daily-stats';
import type { Observer, ObservedEvent } from '@/lib/runs/observers';

/**
 * Counts of the runs-per-day chart: per flow, UTC day and test/production, how many runs started
 * and how they ended, how many step attempts ran and how many failed. Pinned and reused outputs
 * did not run, so they are not attempts. Pure fold, so tests check it without a database.
 */
export function foldFlowDays(events: readonly ObservedEvent[]): FlowDayDelta[] {
  const days = new Map<string, FlowDayDelta>();
  for (const { flowId, isTest, at, event: e } of events) {
    const day = at.slice(0, 10);
    const key = `${flowId}|${day}|${isTest}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = { flowId, day, isTest, runsStarted: 0, runsSucceeded: 0, runsFailed: 0, runsCancelled: 0, stepAttempts: 0, stepFailures: 0 }));
    if (e.type === 'RunStarted') d.runsStarted++;
    else if (e.type === 'RunCompleted') d.runsSucceeded++;
    else if (e.type === 'RunFailed') d.runsFailed++;
    else if (e.type === 'RunCancelled') d.runsCancelled++;
    else if (e.type === 'StepSucceeded' && !e.pinned && !e.reused) d.stepAttempts++;
    else if (e.type === 'StepFailed') {
      d.stepAttempts++;
      d.stepFailures++;
    }
  }
  return [...days.values()];
}

/** The observer that keeps flow_daily_stats. */
export const flowDailyStatsObserver: Observer = {
  types: ['RunStarted', 'RunCompleted', 'RunFailed', 'RunCancelled', 'StepSucceeded', 'StepFailed'],
  apply: (tx, events) => addFlowDailyStats(tx, foldFlowDays(events)),
};
