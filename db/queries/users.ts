import 'server-only';
import { and, count, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, signInLimits, userSessions, type Role, type User } from '@/db/schema';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, normaliseEmail(email)) });
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.select().from(users).orderBy(users.email);
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(db: Db, u: { email: string; name: string; passwordHash: string | null; roles: Role[] }): Promise<User | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...u, email: normaliseEmail(u.email) })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row;
}

export async function updateUser(db: Db, id: string, patch: Partial<Pick<User, 'roles' | 'disabled' | 'name' | 'sessionsValidFrom'>>) {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
  return row;
}

/**
 * "Sessions from now on": this process's clock (the one that stamps session tokens, not the
 * database's, which may drift) truncated to whole seconds, as a token's sign-in time is, so the
 * session that follows a password change still counts.
 */
export const sessionCutOff = (now = Date.now()) => new Date(Math.floor(now / 1000) * 1000);

/** Disables (ending every session: re-enabling does not bring them back) or re-enables an account. */
export async function setDisabled(db: Db, id: string, disabled: boolean) {
  return updateUser(db, id, disabled ? { disabled, sessionsValidFrom: sessionCutOff() } : { disabled });
}

/** Sets a new password and voids every session issued before it. */
export async function setPassword(db: Db, id: string, passwordHash: string) {
  await db.update(users).set({ passwordHash, sessionsValidFrom: sessionCutOff() }).where(eq(users.id, id));
}

/** The account's sign-in counters are forgiven (a success, or a password set through a link). */
export async function forgetSignInFailures(db: Db, email: string) {
  await db.delete(signInLimits).where(eq(signInLimits.email, normaliseEmail(email)));
}

/** A successful sign-in: the time is kept for admins. */
export async function recordSignInSuccess(db: Db, userId: string) {
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
}

/**
 * Records a new session for a sign-in (its id goes into the session token) and clears the
 * user's sessions that have run out.
 */
export async function openSession(db: Db, userId: string, lifetimeMs: number, now = new Date()): Promise<string> {
  await db.delete(userSessions).where(and(eq(userSessions.userId, userId), lte(userSessions.expiresAt, now)));
  const [row] = await db.insert(userSessions).values({ userId, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeMs) }).returning({ id: userSessions.id });
  return row!.id;
}

/** Whether this session of this user is still open (not signed out, not expired). */
export async function sessionIsOpen(db: Db, sessionId: string, userId: string, now = new Date()): Promise<boolean> {
  if (!UUID.test(sessionId)) return false;
  const [row] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), gt(userSessions.expiresAt, now)));
  return row !== undefined;
}

/** Sign-out: ends this session only. */
export async function closeSession(db: Db, sessionId: string) {
  if (UUID.test(sessionId)) await db.delete(userSessions).where(eq(userSessions.id, sessionId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
