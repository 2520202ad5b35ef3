import { pgTable, uuid, text, timestamp } from 'drizzle-orm/pg-core';

/** Encrypted secrets (AES-256-GCM under ENCRYPTION_KEY); only ciphertext is stored. */
export const credentials = pgTable('credentials', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  ciphertext: text('ciphertext').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
