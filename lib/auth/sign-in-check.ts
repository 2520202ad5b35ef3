import 'server-only';
import type { Db } from '@/db/client';
import { findUserByEmail, normaliseEmail, recordSignInSuccess } from '@/db/queries/users';
import { releaseAttempt, reserveAttempt, type LimitRule } from '@/db/queries/sign-in-limits';
import { dummyHash, verifyPassword } from './password';

const MINUTE = 60_000;
/** 5 failures for one account from one address lock that pair: 15 minutes, then 30, 60 … up to a day. */
export const MAX_FAILURES_PER_PAIR = 5;
export const PAIR_WINDOW_MS = 15 * MINUTE;
export const PAIR_LOCK_MS = 15 * MINUTE;
export const MAX_LOCK_MS = 24 * 60 * MINUTE;
/** One address guessing across accounts locks after 20 failures in 15 minutes. */
export const MAX_FAILURES_PER_ADDRESS = 20;
export const ADDRESS_WINDOW_MS = 15 * MINUTE;
/**
 * Beyond 50 failures an hour for one account (from any addresses), each attempt on it waits
 * before its password is checked; the account itself never locks, or anyone who knows an
 * email could lock its owner out.
 */
export const MAX_FAILURES_PER_ACCOUNT = 50;
export const ACCOUNT_WINDOW_MS = 60 * MINUTE;
export const SLOW_DOWN_MS = 3_000;

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number };

export type SignInOptions = { now?: Date; sleep?: (ms: number) => Promise<void> };
const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Verifies credentials under three limits (see above), counted and reserved in one statement
 * before the password is checked, so parallel guesses cannot slip past a limit. The answer
 * never says whether the email exists: unknown, disabled and wrong password look alike.
 */
export async function checkSignIn(db: Db, rawEmail: string, password: string, ip: string, opts: SignInOptions = {}): Promise<SignInResult> {
  const now = opts.now ?? new Date();
  const email = normaliseEmail(rawEmail);
  const addressKey = `address:${ip}`;
  // Kinds always in this order (pair, address, account): see reserveAttempt.
  const rules: LimitRule[] = [
    { key: `pair:${email} ${ip}`, email, windowMs: PAIR_WINDOW_MS, max: MAX_FAILURES_PER_PAIR, lockMs: PAIR_LOCK_MS, maxLockMs: MAX_LOCK_MS },
    { key: addressKey, email: null, windowMs: ADDRESS_WINDOW_MS, max: MAX_FAILURES_PER_ADDRESS, lockMs: ADDRESS_WINDOW_MS, maxLockMs: MAX_LOCK_MS },
    { key: `account:${email}`, email, windowMs: ACCOUNT_WINDOW_MS, max: MAX_FAILURES_PER_ACCOUNT, lockMs: null, maxLockMs: 0 },
  ];
  const [pair, address, account] = await reserveAttempt(db, rules, now);
  const refusedBy = [pair!, address!].filter((state, i) => state.count > rules[i]!.max);
  if (refusedBy.length) {
    const until = Math.max(...refusedBy.map((state) => state.lockedUntil?.getTime() ?? now.getTime()));
    return { ok: false, reason: 'rate_limited', retryAfterMs: Math.max(until - now.getTime(), 1000) };
  }
  if (account!.count > MAX_FAILURES_PER_ACCOUNT) await (opts.sleep ?? sleepFor)(SLOW_DOWN_MS);

  const user = await findUserByEmail(db, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches || user.disabled) return { ok: false, reason: 'invalid' };
  await releaseAttempt(db, email, addressKey, MAX_FAILURES_PER_ADDRESS);
  await recordSignInSuccess(db, user.id);
  return { ok: true, userId: user.id };
}
