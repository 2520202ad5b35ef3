import { pgTable, uuid, text, timestamp, jsonb, unique, index } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The credentials vault. `ciphertext` is the sealed JSON of the secret (AES-256-GCM under
 * ENCRYPTION_KEY, lib/crypto/secret-box); `hint` holds only what may be shown (where a key goes,
 * its last four characters, a token URL, a client id), so listing never needs the key.
 */
export const credentials = pgTable('credentials', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  /** 'api_key' | 'bearer' | 'basic' | 'oauth2_client_credentials' (lib/vault validates it). */
  kind: text('kind').notNull(),
  ciphertext: text('ciphertext').notNull(),
  hint: jsonb('hint').$type<Record<string, string>>().notNull().default({}),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type CredentialRow = typeof credentials.$inferSelect;

export const CREDENTIAL_SUBJECT_KINDS = ['tool', 'model_provider', 'mcp_server'] as const;
export type CredentialSubjectKind = (typeof CREDENTIAL_SUBJECT_KINDS)[number];

/**
 * Who may use a credential. A subject is named by kind and id (no foreign key: the subjects live
 * in different tables, some not yet built); whoever deletes a subject drops its grants.
 */
export const credentialGrants = pgTable(
  'credential_grants',
  {
    credentialId: uuid('credential_id').notNull().references(() => credentials.id, { onDelete: 'cascade' }),
    subjectKind: text('subject_kind').$type<CredentialSubjectKind>().notNull(),
    subjectId: text('subject_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('credential_grants_unique').on(t.credentialId, t.subjectKind, t.subjectId), index('credential_grants_subject').on(t.subjectKind, t.subjectId)],
);
export type CredentialGrantRow = typeof credentialGrants.$inferSelect;
