import 'server-only';
import { releaseRunHolds } from '@/db/queries/budgets';
import type { Observer } from '@/lib/runs/observers';

/**
 * When a run ends, holds of its model calls that were never settled (the attempt was cut short
 * by a crash and retried under a new key) are released, so a crash cannot eat a budget. Runs
 * after the commit, from the log, so it catches up after a restart like any observer.
 */
export const releaseHoldsObserver: Observer = {
  types: ['RunCompleted', 'RunFailed', 'RunCancelled'],
  apply: (tx, events) => releaseRunHolds(tx, [...new Set(events.map((e) => e.runId))]),
};
