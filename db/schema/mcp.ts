import { pgTable, uuid, text, timestamp, jsonb, boolean, primaryKey, index } from 'drizzle-orm/pg-core';

export const MCP_TRANSPORTS = ['stdio', 'http'] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

/**
 * What the last connection attempt found: `unknown` (never tried), `ok` (connected and listed its
 * tools) or `error` (see last_error, in words). Each worker process connects on its own; this is
 * the latest report from any of them.
 */
export const MCP_STATUSES = ['unknown', 'ok', 'error'] as const;
export type McpStatus = (typeof MCP_STATUSES)[number];

/**
 * An MCP server Baton connects to as a client. HTTP servers by URL (extra headers from the vault
 * credential); stdio servers by a command and arguments that must match BATON_MCP_STDIO_ALLOW at
 * every start (the row alone never makes a command runnable). `credential_env` names the variable
 * a stdio child receives its credential in. No foreign key to credentials: the vault owns that
 * table's shape; a missing credential is reported at connect time.
 */
export const mcpServers = pgTable('mcp_servers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  transport: text('transport').$type<McpTransport>().notNull(),
  url: text('url'),
  command: text('command'),
  args: jsonb('args').$type<string[]>().notNull().default([]),
  credentialId: uuid('credential_id'),
  credentialEnv: text('credential_env'),
  enabled: boolean('enabled').notNull().default(true),
  status: text('status').$type<McpStatus>().notNull().default('unknown'),
  lastError: text('last_error'),
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The tools a server listed at its last sync, with their schemas. `exposed` is the admin's choice
 * (off by default: a new tool appearing on a server is not callable until chosen) and survives
 * re-syncs; a tool the server stopped listing is deleted with its choice.
 */
export const mcpServerTools = pgTable(
  'mcp_server_tools',
  {
    serverId: uuid('server_id').notNull().references(() => mcpServers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title'),
    description: text('description').notNull().default(''),
    inputSchema: jsonb('input_schema').$type<Record<string, unknown>>().notNull(),
    outputSchema: jsonb('output_schema').$type<Record<string, unknown>>(),
    exposed: boolean('exposed').notNull().default(false),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.name] }), index('mcp_server_tools_exposed').on(t.exposed)],
);

export type McpServerRow = typeof mcpServers.$inferSelect;
export type McpServerToolRow = typeof mcpServerTools.$inferSelect;
