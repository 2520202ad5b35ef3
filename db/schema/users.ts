import { pgTable, uuid, text, boolean, timestamp, index, integer } from 'drizzle-orm/pg-core';

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

/**
 * Sign-in attempt counters, one row per key: `pair:<email> <address>` (locks with back-off),
 * `address:<address>` (locks) and `account:<email>` (only slows down, never locks: anyone who
 * knows an email could otherwise lock its owner out). Updated by one upsert per attempt, so
 * parallel attempts count exactly (lib/auth/sign-in-check.ts).
 */
export const signInLimits = pgTable(
  'sign_in_limits',
  {
    key: text('key').primaryKey(),
    /** The account the row counts for (pair and account rows), so a success can forget them. */
    email: text('email'),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    /** Attempts reserved in the window: those in flight and those that failed. */
    count: integer('count').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Locks so far: each one lasts twice as long as the one before. */
    lockouts: integer('lockouts').notNull().default(0),
  },
  (t) => [index('sign_in_limits_email').on(t.email)],
);

/**
 * Open sessions: a session token carries its row's id and is accepted only while the row
 * exists, so signing out ends that session (a copied cookie stops working) and no other.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute end, however active the session: the token itself is renewed while in use. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('user_sessions_user').on(t.userId)],
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
