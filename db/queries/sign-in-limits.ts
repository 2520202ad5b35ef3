import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { signInLimits } from '@/db/schema';

/** One counter: its key, window, how many attempts it admits, and whether reaching that locks it. */
export type LimitRule = { key: string; email: string | null; windowMs: number; max: number; lockMs: number | null; maxLockMs: number };
export type LimitState = { key: string; count: number; lockedUntil: Date | null };

/**
 * Counts this attempt against every rule and reserves it, in one statement: each row is
 * upserted under its row lock, so parallel attempts see each other's counts (no read-then-write
 * window). An attempt is admitted by a lockable row while the count it gets is ≤ max: the one
 * that reaches max is still checked and locks the row for lockMs × 2^(locks so far), capped at
 * maxLockMs; those after it are refused until the lock ends, which starts a new window. Callers
 * pass the kinds of rows in one fixed order, so two statements never wait on each other in a cycle.
 */
export async function reserveAttempt(db: Db, rules: LimitRule[], now: Date): Promise<LimitState[]> {
  // A per-row parameter inside ON CONFLICT, where only the row and `excluded` are in scope.
  const per = (value: (r: LimitRule) => number | null, cast: string): SQL =>
    sql`(case excluded.key ${sql.join(rules.map((r) => sql`when ${r.key} then ${value(r)}::${sql.raw(cast)}`), sql` `)} end)`;
  const windowMs = per((r) => r.windowMs, 'bigint');
  const max = per((r) => r.max, 'int');
  const lockMs = per((r) => r.lockMs, 'bigint');
  const maxLockMs = per((r) => r.maxLockMs, 'bigint');
  const at = sql`excluded.window_start`;
  const locked = sql`(l.locked_until is not null and l.locked_until > ${at})`;
  const fresh = sql`(not ${locked} and (l.locked_until is not null or l.window_start <= ${at} - make_interval(secs => ${windowMs} / 1000.0)))`;
  const count = sql`(case when ${fresh} then 1 else l.count + 1 end)`;
  const locksNow = sql`(not ${locked} and ${lockMs} is not null and ${count} >= ${max})`;
  const lockFor = sql`make_interval(secs => least(${maxLockMs}, ${lockMs} * power(2, least(l.lockouts, 30))) / 1000.0)`;

  const values = sql.join(
    rules.map((r) => {
      const lockAtOnce = r.lockMs !== null && r.max <= 1;
      const until = lockAtOnce ? new Date(now.getTime() + r.lockMs!) : null;
      return sql`(${r.key}, ${r.email}, ${now.toISOString()}::timestamptz, 1, ${until?.toISOString() ?? null}::timestamptz, ${lockAtOnce ? 1 : 0})`;
    }),
    sql`, `,
  );
  const rows = await db.execute<{ key: string; count: number; locked_until: Date | string | null }>(sql`
    insert into sign_in_limits as l (key, email, window_start, count, locked_until, lockouts)
    values ${values}
    on conflict (key) do update set
      window_start = case when ${fresh} then ${at} else l.window_start end,
      count = ${count},
      locked_until = case when ${locked} then l.locked_until when ${locksNow} then ${at} + ${lockFor} else null end,
      lockouts = case when ${locksNow} then l.lockouts + 1 else l.lockouts end
    returning l.key, l.count, l.locked_until
  `);
  return rows.map((r) => ({ key: r.key, count: Number(r.count), lockedUntil: r.locked_until === null ? null : new Date(r.locked_until) }));
}

/**
 * A successful sign-in: the account's rows go (its failures are forgiven); the address counts
 * one attempt less, and a lock this very attempt set (nothing refused since) is lifted.
 */
export async function releaseAttempt(db: Db, email: string, addressKey: string, addressMax: number) {
  await db.transaction(async (tx) => {
    await tx.delete(signInLimits).where(eq(signInLimits.email, email));
    const setByThis = sql`${signInLimits.lockedUntil} is not null and ${signInLimits.count} <= ${addressMax}`;
    await tx
      .update(signInLimits)
      .set({
        count: sql`greatest(${signInLimits.count} - 1, 0)`,
        lockedUntil: sql`case when ${setByThis} then null else ${signInLimits.lockedUntil} end`,
        lockouts: sql`case when ${setByThis} then greatest(${signInLimits.lockouts} - 1, 0) else ${signInLimits.lockouts} end`,
      })
      .where(eq(signInLimits.key, addressKey));
  });
}

/** The account's counters are forgotten (a password set through a link). */
export async function forgetAccountLimits(db: Db, email: string) {
  await db.delete(signInLimits).where(eq(signInLimits.email, email));
}
