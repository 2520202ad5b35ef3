import { pgTable, uuid, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { runs } from './runs';
import { users } from './users';

/** A persisted suspension: the run waits on this row, holding no process. */
export const reviewTasks = pgTable(
  'review_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    iterationPath: text('iteration_path').notNull().default(''),
    reason: text('reason').notNull(),
    proposedOutput: jsonb('proposed_output').$type<unknown>(),
    deadline: timestamp('deadline', { withTimezone: true }),
    onTimeout: text('on_timeout').notNull().default('fail'),
    status: text('status').notNull().default('open'),
    resolution: jsonb('resolution').$type<unknown>(),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('review_tasks_status').on(t.status, t.createdAt)],
);
