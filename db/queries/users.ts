import 'server-only';
import { and, count, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, signInFailures, type Role, type User } from '@/db/schema';

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

/** Counts failures in the window for this email and for this address (whichever is worse). */
export async function recentSignInFailures(db: Db, email: string, ip: string, windowMs: number) {
  const since = new Date(Date.now() - windowMs);
  const [row] = await db
    .select({
      byEmail: sql<number>`count(*) filter (where ${signInFailures.email} = ${normaliseEmail(email)})::int`,
      byIp: sql<number>`count(*) filter (where ${signInFailures.ip} = ${ip})::int`,
    })
    .from(signInFailures)
    .where(and(gt(signInFailures.at, since), or(eq(signInFailures.email, normaliseEmail(email)), eq(signInFailures.ip, ip))));
  return { byEmail: row?.byEmail ?? 0, byIp: row?.byIp ?? 0 };
}

export async function recordSignInFailure(db: Db, email: string, ip: string) {
  await db.insert(signInFailures).values({ email: normaliseEmail(email), ip });
}

/** The account's failed sign-ins are forgiven (a success, or a password set through a link). */
export async function forgetSignInFailures(db: Db, email: string) {
  await db.delete(signInFailures).where(eq(signInFailures.email, normaliseEmail(email)));
}

/** A successful sign-in: the account's failures are forgiven and the time is kept for admins. */
export async function recordSignInSuccess(db: Db, userId: string, email: string) {
  await forgetSignInFailures(db, email);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
}
