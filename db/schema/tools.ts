import { pgTable, uuid, text, timestamp, jsonb, boolean, integer, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './users';

export const TOOL_KINDS = ['http', 'code', 'builtin', 'mcp'] as const;
export type ToolKind = (typeof TOOL_KINDS)[number];
export const TOOL_APPROVALS = ['auto', 'needs_approval', 'deny'] as const;
export type ToolApproval = (typeof TOOL_APPROVALS)[number];

/**
 * A registry tool's identity and governance: what may change without a new version (enabled,
 * who may place it, whether calls need approval), read fresh on every call so a change takes
 * effect at once. What a call does lives in `tool_versions`.
 */
export const tools = pgTable('tools', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  category: text('category').notNull().default('General'),
  kind: text('kind').$type<ToolKind>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  latestVersion: integer('latest_version').notNull().default(1),
  /** Roles that may place the tool in a flow (admins always may). */
  accessRoles: text('access_roles').array().notNull().default(['analyst']),
  approval: text('approval').$type<ToolApproval>().notNull().default('auto'),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type Tool = typeof tools.$inferSelect;

/** Default retry of a tool's calls, in the step policy's vocabulary. */
export type ToolRetry = { maxAttempts: number; initialIntervalMs: number; backoffCoefficient: number };

/**
 * Every edit of a tool is a new immutable row: a step pins a version, and a step run records
 * the version it called, so what ran can always be read back.
 */
export const toolVersions = pgTable(
  'tool_versions',
  {
    toolId: uuid('tool_id').notNull().references(() => tools.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    description: text('description').notNull().default(''),
    inputSchema: jsonb('input_schema').$type<Record<string, unknown>>().notNull(),
    outputSchema: jsonb('output_schema').$type<Record<string, unknown>>().notNull(),
    /** Kind-specific (lib/tools validates it with the kind's schema on the way in and out). */
    config: jsonb('config').$type<unknown>().notNull(),
    timeoutMs: integer('timeout_ms').notNull().default(30_000),
    retry: jsonb('retry').$type<ToolRetry>().notNull().default({ maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2 }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.version] })],
);
export type ToolVersion = typeof toolVersions.$inferSelect;
