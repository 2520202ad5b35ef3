import { pgTable, uuid, text, timestamp, numeric, date, index } from 'drizzle-orm/pg-core';

/**
 * Hard cost budgets. A model call reserves its worst case before it is sent and settles to its
 * actual cost after; what a run or a day has used is reserved + settled, so parallel runs can
 * never spend past a cap between reserving and settling.
 */
export const budgetDays = pgTable('budget_days', {
  day: date('day').primaryKey(),
  usedUsd: numeric('used_usd', { precision: 18, scale: 8 }).notNull().default('0'),
});

export const runBudgets = pgTable('run_budgets', {
  runId: uuid('run_id').primaryKey(),
  usedUsd: numeric('used_usd', { precision: 18, scale: 8 }).notNull().default('0'),
});

export const costReservations = pgTable(
  'cost_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The call's idempotency key (attempt or child attempt): a repeat after a crash reuses its hold. */
    key: text('key').notNull().unique(),
    runId: uuid('run_id').notNull(),
    day: date('day').notNull(),
    reservedUsd: numeric('reserved_usd', { precision: 18, scale: 8 }).notNull(),
    actualUsd: numeric('actual_usd', { precision: 18, scale: 8 }),
    /** held → settled (actual cost known) or released (the call was never made). */
    status: text('status').notNull().default('held'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [index('cost_reservations_run_idx').on(t.runId)],
);
