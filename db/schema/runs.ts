import { pgTable, uuid, text, boolean, timestamp, integer, jsonb, bigserial, index, real, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { flows, flowVersions } from './workflows';
import { users } from './users';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run pins the flow version it started on and carries its lease while a worker drives it. */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey(),
    flowId: uuid('flow_id').notNull().references(() => flows.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').notNull().references(() => flowVersions.id),
    isTest: boolean('is_test').notNull().default(false),
    status: text('status').$type<RunStatus>().notNull(),
    triggerKind: text('trigger_kind').notNull(),
    trigger: jsonb('trigger').$type<unknown>().notNull(),
    /** The kernel's serialised state at the last commit: what a resume continues from. */
    state: jsonb('state').$type<unknown>(),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<unknown>(),
    leaseOwner: text('lease_owner'),
    /** A sub-flow run: the parent run and call step waiting for it, and its item in a map. */
    parentRunId: uuid('parent_run_id'),
    parentStepId: text('parent_step_id'),
    parentAttempt: integer('parent_attempt'),
    itemIndex: integer('item_index'),
    depth: integer('depth').notNull().default(0),
    /**
     * Who started it: the person (or the API token's owner); null for webhooks, schedules, error
     * flows and child runs (a child's starter is its root run's). Self-approval reads it.
     */
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * When a lease was last claimed outside a commit (a resume, an admission). The orphaned-lease
     * check leaves young claims alone: their executor may not be live yet. (Named for a lease expiry
     * it never carried; renaming it needs a migration.)
     */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('runs_flow_started').on(t.flowId, t.startedAt),
    index('runs_started').on(t.startedAt),
    index('runs_lease_owner').on(t.leaseOwner),
    index('runs_parent').on(t.parentRunId, t.parentStepId),
  ],
);
export type Run = typeof runs.$inferSelect;

/** One row per step attempt (run, step, iteration path, attempt). */
export const stepRuns = pgTable(
  'step_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    iterationPath: text('iteration_path').notNull().default(''),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    input: jsonb('input').$type<unknown>(),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<unknown>(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    tokens: integer('tokens'),
    costUsd: real('cost_usd'),
    /** The registry tool and version this attempt called (no foreign key: history outlives a deleted tool). */
    toolId: uuid('tool_id'),
    toolVersion: integer('tool_version'),
  },
  (t) => [
    uniqueIndex('step_runs_attempt').on(t.runId, t.stepId, t.iterationPath, t.attempt),
    // Live tool reliability reads a tool's latest attempts in a window (db/queries/tool-stats.ts).
    index('step_runs_tool_started').on(t.toolId, t.startedAt).where(sql`tool_id is not null`),
  ],
);
export type StepRun = typeof stepRuns.$inferSelect;

/**
 * Child attempts of a step (an agent's model turns and tool calls), keyed by the step's own name
 * for each: committed as started before its effect and with its result after, so a resume reuses
 * a finished one instead of repeating it. Keyed across the step's attempts on purpose.
 */
export const stepChildren = pgTable(
  'step_children',
  {
    runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    iterationPath: text('iteration_path').notNull().default(''),
    key: text('key').notNull(),
    status: text('status').notNull(),
    result: jsonb('result').$type<unknown>(),
    attempts: integer('attempts').notNull().default(1),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId, t.iterationPath, t.key] })],
);

/** Append-only run log; the bigserial id doubles as the SSE event id. */
export const runEvents = pgTable(
  'run_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    stepId: text('step_id'),
    data: jsonb('data').$type<unknown>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('run_events_run').on(t.runId, t.id)],
);

/** Worker processes heartbeat here; the sweeper recovers runs leased by stale workers. */
export const workers = pgTable('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  /** graphile-worker's own ids for this process's queue workers, unlocked when it dies. */
  queueWorkerIds: text('queue_worker_ids').array().notNull().default([]),
});
