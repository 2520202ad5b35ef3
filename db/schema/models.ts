import { boolean, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { credentials } from './credentials';

export const MODEL_PROVIDER_KINDS = ['openai', 'anthropic', 'openai_compatible'] as const;
export type ModelProviderKind = (typeof MODEL_PROVIDER_KINDS)[number];

/**
 * A configured model endpoint. The API key is a vault credential granted to this provider
 * (`{kind:'model_provider', id}`), never a column here; `base_url` empty means the vendor's own.
 */
export const modelProviders = pgTable('model_providers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<ModelProviderKind>().notNull(),
  baseUrl: text('base_url'),
  credentialId: uuid('credential_id').references(() => credentials.id, { onDelete: 'set null' }),
  models: text('models').array().notNull().default([]),
  defaultModel: text('default_model'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type ModelProviderRow = typeof modelProviders.$inferSelect;

/**
 * USD per million tokens. Numeric (exact decimals), read back as strings and parsed at the edge.
 * A missing row is an unknown price: cost stays unknown, never 0. Cached input may be unknown alone.
 */
export const modelPrices = pgTable(
  'model_prices',
  {
    providerId: uuid('provider_id')
      .notNull()
      .references(() => modelProviders.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    inputPerMillion: numeric('input_per_million').notNull(),
    outputPerMillion: numeric('output_per_million').notNull(),
    cachedInputPerMillion: numeric('cached_input_per_million'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.model] })],
);
export type ModelPriceRow = typeof modelPrices.$inferSelect;
