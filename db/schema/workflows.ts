import { pgTable, uuid, text, boolean, timestamp, integer, jsonb, unique, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './users';

/** A flow: its working draft (autosaved, revisioned for optimistic concurrency) plus activation. */
export const flows = pgTable('flows', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  tags: text('tags').array().notNull().default([]),
  draft: jsonb('draft').$type<unknown>().notNull(),
  draftRevision: integer('draft_revision').notNull().default(1),
  /** Unguessable id in webhook URLs, separate from the flow id that the UI shows. */
  webhookKey: text('webhook_key').notNull().unique(),
  active: boolean('active').notNull().default(false),
  activeVersionId: uuid('active_version_id'),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  /**
   * Who saved the draft since it was last published: the next version (and a test run's snapshot)
   * records them as its editors, none of whom may approve its runs' reviews.
   */
  draftEditors: uuid('draft_editors').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type Flow = typeof flows.$inferSelect;

/**
 * Immutable flow definitions that runs pin. `number` is set for published versions; test runs
 * of the draft pin a snapshot row (number null) deduplicated by content hash.
 */
export const flowVersions = pgTable(
  'flow_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    flowId: uuid('flow_id').notNull().references(() => flows.id, { onDelete: 'cascade' }),
    number: integer('number'),
    hash: text('hash').notNull(),
    definition: jsonb('definition').$type<unknown>().notNull(),
    note: text('note').notNull().default(''),
    /** Who published it (null for a test run's snapshot of the draft). */
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Who edited the draft it was made from (self-approval: none of them may approve its runs). */
    editedBy: uuid('edited_by').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('flow_versions_number').on(t.flowId, t.number), index('flow_versions_hash').on(t.flowId, t.hash)],
);
export type FlowVersion = typeof flowVersions.$inferSelect;

/**
 * One row per (flow, schedule step, fire time): the primary key is what guarantees a fire time
 * starts at most one run, however many workers tick it.
 */
export const scheduleFires = pgTable(
  'schedule_fires',
  {
    flowId: uuid('flow_id').notNull().references(() => flows.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
    runId: uuid('run_id'),
    skipped: boolean('skipped').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.stepId, t.fireAt] })],
);

/**
 * A flow's test webhook URL listens only while someone has "Listen for a test event" open in the
 * editor (up to two minutes) and only for one event. Kept in the database so whichever process
 * receives the request sees it; `capturedRunId` is the test run the event started.
 */
export const webhookTestListens = pgTable('webhook_test_listens', {
  flowId: uuid('flow_id').primaryKey().references(() => flows.id, { onDelete: 'cascade' }),
  /** Null once an event was captured or listening was stopped. */
  listeningUntil: timestamp('listening_until', { withTimezone: true }),
  startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
  capturedRunId: uuid('captured_run_id'),
  capturedAt: timestamp('captured_at', { withTimezone: true }),
});
