import { pgTable, uuid, text, timestamp, jsonb } from 'drizzle-orm/pg-core';

/** The tool registry (filled next milestone): contracts and kind-specific config. */
export const tools = pgTable('tools', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  config: jsonb('config').$type<unknown>().notNull(),
  inputSchema: jsonb('input_schema').$type<unknown>(),
  outputSchema: jsonb('output_schema').$type<unknown>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
