import { pgTable, uuid, text, timestamp, jsonb, index, integer, primaryKey } from 'drizzle-orm/pg-core';
import { runs } from './runs';
import { users } from './users';

/** Every kind of pause a person decides: one task type, one queue (lib/inbox). */
export const REVIEW_KINDS = ['review-step', 'escalation', 'tool-approval'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Priorities, stored as numbers so the queue sorts by them (higher first). */
export const REVIEW_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ReviewPriority = (typeof REVIEW_PRIORITIES)[number];

/** A persisted suspension: the run waits on this row, holding no process. */
export const reviewTasks = pgTable(
  'review_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    iterationPath: text('iteration_path').notNull().default(''),
    kind: text('kind').$type<ReviewKind>().notNull().default('escalation'),
    reason: text('reason').notNull(),
    /** Index into REVIEW_PRIORITIES. */
    priority: integer('priority').notNull().default(1),
    proposedOutput: jsonb('proposed_output').$type<unknown>(),
    deadline: timestamp('deadline', { withTimezone: true }),
    onTimeout: text('on_timeout').notNull().default('fail'),
    /** Who should take it: a person, a role, or (both null) anyone who reviews. */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeRole: text('assignee_role'),
    /** 1, then 2 once the first deadline passed and the policy names a second tier. */
    tier: integer('tier').notNull().default(1),
    /** N of M: approvals needed before the step goes on (each from a different person). */
    requiredApprovals: integer('required_approvals').notNull().default(1),
    claimedBy: uuid('claimed_by').references(() => users.id, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    status: text('status').notNull().default('open'),
    resolution: jsonb('resolution').$type<unknown>(),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('review_tasks_status').on(t.status, t.createdAt), index('review_tasks_open_deadline').on(t.status, t.deadline), index('review_tasks_run').on(t.runId)],
);
export type ReviewTaskRow = typeof reviewTasks.$inferSelect;

/** A reviewer's note on a task. */
export const reviewComments = pgTable(
  'review_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull().references(() => reviewTasks.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_comments_task').on(t.taskId, t.createdAt)],
);

/** One approval per person toward a task's N of M. */
export const reviewApprovals = pgTable(
  'review_approvals',
  {
    taskId: uuid('task_id').notNull().references(() => reviewTasks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] })],
);
