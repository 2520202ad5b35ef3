import { pgTable, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

/**
 * Answers of deterministic model calls (temperature 0), keyed by a hash of the provider, model,
 * full prompt and parameters, kept until `expires_at`. A hit costs nothing and is shown as such.
 */
export const modelResponseCache = pgTable(
  'model_response_cache',
  {
    key: text('key').primaryKey(),
    result: jsonb('result').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('model_response_cache_expires_idx').on(t.expiresAt)],
);
