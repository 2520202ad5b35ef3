import 'server-only';
import type { Db } from '@/db/client';
import { findUserByEmail, recentSignInFailures, recordSignInFailure, recordSignInSuccess } from '@/db/queries/users';
import { dummyHash, verifyPassword } from './password';

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Verifies credentials with a limit on recent failures per account and per address. The
 * answer never says whether the email exists: unknown, disabled and wrong password look alike.
 */
export async function checkSignIn(db: Db, email: string, password: string, ip: string): Promise<SignInResult> {
  const failures = await recentSignInFailures(db, email, ip, SIGN_IN_WINDOW_MS);
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await findUserByEmail(db, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches || user.disabled) {
    await recordSignInFailure(db, email, ip);
    return { ok: false, reason: 'invalid' };
  }
  await recordSignInSuccess(db, user.id, email);
  return { ok: true, userId: user.id };
}
