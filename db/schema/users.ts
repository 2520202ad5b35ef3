import { pgTable, uuid, text, boolean, timestamp, index, bigserial } from 'drizzle-orm/pg-core';

import type { Role } from './roles';
export { ROLES, type Role } from './roles';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** Null while an invited user has not chosen a password yet (no password can match it). */
  passwordHash: text('password_hash'),
  roles: text('roles').array().$type<Role[]>().notNull().default([]),
  disabled: boolean('disabled').notNull().default(false),
  /** Sessions issued before this (whole seconds) are void: set when the password changes. */
  sessionsValidFrom: timestamp('sessions_valid_from', { withTimezone: true }),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type User = typeof users.$inferSelect;

export const ACCESS_LINK_PURPOSES = ['invite', 'reset'] as const;
export type AccessLinkPurpose = (typeof ACCESS_LINK_PURPOSES)[number];

/**
 * One-time links with which a user chooses a password: an invitation, or a reset an admin hands
 * out. Only a SHA-256 of the token is stored; the link is shown once, to the admin who made it.
 */
export const accessLinks = pgTable(
  'access_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<AccessLinkPurpose>().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('access_links_user').on(t.userId)],
);

/** Failed sign-ins, kept briefly, so that guessing is rate-limited per account and per address. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_email_at').on(t.email, t.at), index('sign_in_failures_ip_at').on(t.ip, t.at)],
);

/** Installation-wide flags (e.g. "example flows seeded"), so one-time work happens once. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const API_SCOPES = ['runs:read', 'runs:write', 'reviews:read', 'reviews:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Personal API tokens: only a SHA-256 of the token is stored; the token is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().$type<ApiScope[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);
