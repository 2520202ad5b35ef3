import { pgTable, uuid, text, boolean, timestamp, integer, bigint, date, primaryKey } from 'drizzle-orm/pg-core';
import { flows } from './workflows';

/**
 * How far each commit observer has read the run log: the last run_events id it handled. An
 * observer advances its cursor in the same transaction as its own writes, so after a crash it
 * resumes exactly where its last write left off.
 */
export const observerCursors = pgTable('observer_cursors', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Per flow and UTC day: runs started and how they ended, step attempts and failed attempts.
 * A rollup of run_events kept by the flow-daily-stats observer (rebuildable from the log).
 */
export const flowDailyStats = pgTable(
  'flow_daily_stats',
  {
    flowId: uuid('flow_id')
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    isTest: boolean('is_test').notNull(),
    runsStarted: integer('runs_started').notNull().default(0),
    runsSucceeded: integer('runs_succeeded').notNull().default(0),
    runsFailed: integer('runs_failed').notNull().default(0),
    runsCancelled: integer('runs_cancelled').notNull().default(0),
    stepAttempts: integer('step_attempts').notNull().default(0),
    stepFailures: integer('step_failures').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.day, t.isTest] })],
);
export type FlowDailyStats = typeof flowDailyStats.$inferSelect;
