import 'server-only';
import { and, eq, gt, isNull, TransactionRollbackError } from 'drizzle-orm';
import { forgetSignInFailures, sessionCutOff } from './users';
import type { Db } from '@/db/client';
import { accessLinks, users, type AccessLinkPurpose } from '@/db/schema';

export const ACCESS_LINK_TTL_MS: Record<AccessLinkPurpose, number> = { invite: 7 * 24 * 3600_000, reset: 24 * 3600_000 };

/**
 * Stores a new one-time link for a user by its token's hash (the token itself is never stored;
 * lib/auth/access-links makes it); any earlier open link of theirs stops working, so only the
 * link the admin handed out last is valid. Returns its expiry.
 */
export async function createAccessLinkByHash(db: Db, opts: { userId: string; purpose: AccessLinkPurpose; tokenHash: string; createdBy?: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + ACCESS_LINK_TTL_MS[opts.purpose]);
  await db.transaction(async (tx) => {
    await tx.update(accessLinks).set({ usedAt: now }).where(and(eq(accessLinks.userId, opts.userId), isNull(accessLinks.usedAt)));
    await tx.insert(accessLinks).values({ userId: opts.userId, purpose: opts.purpose, tokenHash: opts.tokenHash, expiresAt, createdBy: opts.createdBy });
  });
  return { expiresAt };
}

/** The user a link is for, while it is unused, unexpired and the account enabled. */
export async function findOpenAccessLinkByHash(db: Db, tokenHash: string, now = new Date()) {
  const [row] = await db
    .select({ linkId: accessLinks.id, purpose: accessLinks.purpose, expiresAt: accessLinks.expiresAt, userId: users.id, email: users.email, name: users.name })
    .from(accessLinks)
    .innerJoin(users, eq(users.id, accessLinks.userId))
    .where(and(eq(accessLinks.tokenHash, tokenHash), isNull(accessLinks.usedAt), gt(accessLinks.expiresAt, now), eq(users.disabled, false)));
  return row;
}

/**
 * Sets the password through a link, once: the link is spent in the same statement that checks
 * it, so two submissions cannot both succeed. Clears the account's failed sign-ins.
 */
export async function spendAccessLinkByHash(db: Db, tokenHash: string, passwordHash: string, now = new Date()): Promise<{ userId: string; email: string } | undefined> {
  try {
    return await spendInTransaction(db, tokenHash, passwordHash, now);
  } catch (err) {
    if (err instanceof TransactionRollbackError) return undefined; // the account was disabled meanwhile
    throw err;
  }
}

function spendInTransaction(db: Db, tokenHash: string, passwordHash: string, now: Date) {
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(accessLinks)
      .set({ usedAt: now })
      .where(and(eq(accessLinks.tokenHash, tokenHash), isNull(accessLinks.usedAt), gt(accessLinks.expiresAt, now)))
      .returning({ userId: accessLinks.userId });
    if (!link) return undefined;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionsValidFrom: sessionCutOff(now.getTime()) })
      .where(and(eq(users.id, link.userId), eq(users.disabled, false)))
      .returning({ userId: users.id, email: users.email });
    if (!user) return tx.rollback();
    await forgetSignInFailures(tx as unknown as Db, user.email);
    return user;
  });
}
