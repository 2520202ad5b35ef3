import 'server-only';
import { flowDailyStatsObserver } from '@/lib/metrics/flow-daily-stats';
import { releaseHoldsObserver } from '@/lib/budgets/release-holds';
import type { Observer } from './observers';

/**
 * Every commit observer, by the name its cursor is kept under (renaming one starts it over from
 * the beginning of the log). A typed map: nothing registers itself by import.
 */
export const OBSERVERS = {
  'flow-daily-stats': flowDailyStatsObserver,
  'budget-holds': releaseHoldsObserver,
} satisfies Record<string, Observer>;
