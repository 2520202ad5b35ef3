import { sql as q } from 'drizzle-orm';
import type { Db, Sql, Tx } from '@/db/client';

export type Reservation = { ok: true; id: string } | { ok: false; scope: 'run' | 'day'; usedUsd: number; capUsd: number };

const DAILY_CAP_KEY = 'budget.daily_usd';

/**
 * Holds `amountUsd` against the day's and the run's caps in one transaction. The day row and
 * then the run row are locked in that order by every caller, so parallel reservations queue on
 * the row and none can pass a cap another has already used up. A key already held (the same
 * call retried after a crash) keeps its hold and reserves nothing more.
 */
export async function reserveCost(
  sql: Sql,
  a: { key: string; runId: string; day: string; amountUsd: number; runCapUsd: number | null; dayCapUsd: number | null },
): Promise<Reservation> {
  const amount = a.amountUsd.toFixed(8);
  try {
    return await sql.begin(async (tx) => {
      const [held] = await tx<{ id: string }[]>`select id from cost_reservations where key = ${a.key}`;
      if (held) return { ok: true as const, id: held.id };
      await tx`insert into budget_days (day) values (${a.day}) on conflict do nothing`;
      const [day] = await tx<{ used: string; fits: boolean }[]>`
        select used_usd as used, (${a.dayCapUsd}::numeric is null or used_usd + ${amount}::numeric <= ${a.dayCapUsd}::numeric) as fits
        from budget_days where day = ${a.day} for update`;
      if (!day!.fits) throw new Refused({ ok: false, scope: 'day', usedUsd: Number(day!.used), capUsd: a.dayCapUsd! });
      await tx`insert into run_budgets (run_id) values (${a.runId}) on conflict do nothing`;
      const [run] = await tx<{ used: string; fits: boolean }[]>`
        select used_usd as used, (${a.runCapUsd}::numeric is null or used_usd + ${amount}::numeric <= ${a.runCapUsd}::numeric) as fits
        from run_budgets where run_id = ${a.runId} for update`;
      if (!run!.fits) throw new Refused({ ok: false, scope: 'run', usedUsd: Number(run!.used), capUsd: a.runCapUsd! });
      await tx`update budget_days set used_usd = used_usd + ${amount}::numeric where day = ${a.day}`;
      await tx`update run_budgets set used_usd = used_usd + ${amount}::numeric where run_id = ${a.runId}`;
      const [row] = await tx<{ id: string }[]>`
        insert into cost_reservations (key, run_id, day, reserved_usd) values (${a.key}, ${a.runId}, ${a.day}, ${amount}::numeric) returning id`;
      return { ok: true as const, id: row!.id };
    });
  } catch (err) {
    if (err instanceof Refused) return err.answer;
    throw err;
  }
}

/** Thrown inside the transaction so a refusal rolls back every row it touched. */
class Refused extends Error {
  constructor(readonly answer: Reservation) {
    super('budget refused');
  }
}

/**
 * Replaces a hold by what the call cost (or by nothing, when it was never sent): the difference
 * goes back to the day and the run. Only a held reservation moves, so a repeat changes nothing.
 */
export async function settleCost(sql: Sql, a: { key: string; actualUsd: number | null }): Promise<void> {
  await sql.begin(async (tx) => {
    const actual = a.actualUsd === null ? null : a.actualUsd.toFixed(8);
    const [r] = await tx<{ day: string; runId: string; delta: string }[]>`
      update cost_reservations set status = ${actual === null ? 'released' : 'settled'}, actual_usd = ${actual}::numeric, settled_at = now()
      where key = ${a.key} and status = 'held'
      returning day::text as day, run_id as "runId", (coalesce(${actual}::numeric, 0) - reserved_usd)::text as delta`;
    if (!r) return;
    await tx`update budget_days set used_usd = used_usd + ${r.delta}::numeric where day = ${r.day}::date`;
    await tx`update run_budgets set used_usd = used_usd + ${r.delta}::numeric where run_id = ${r.runId}`;
  });
}

export async function dayUsedUsd(sql: Sql, day: string): Promise<number> {
  const [r] = await sql<{ used: string }[]>`select used_usd as used from budget_days where day = ${day}`;
  return Number(r?.used ?? 0);
}

export async function runUsedUsd(sql: Sql, runId: string): Promise<number> {
  const [r] = await sql<{ used: string }[]>`select used_usd as used from run_budgets where run_id = ${runId}`;
  return Number(r?.used ?? 0);
}

/** The installation's daily cap in USD, or null for none. */
export async function readDailyCap(sql: Sql): Promise<number | null> {
  const [r] = await sql<{ value: string }[]>`select value from settings where key = ${DAILY_CAP_KEY}`;
  return r ? Number(r.value) : null;
}

export async function writeDailyCap(sql: Sql, capUsd: number | null): Promise<void> {
  if (capUsd === null) await sql`delete from settings where key = ${DAILY_CAP_KEY}`;
  else await sql`insert into settings (key, value) values (${DAILY_CAP_KEY}, ${String(capUsd)}) on conflict (key) do update set value = excluded.value`;
}

/** writeDailyCap inside an admin's audited transaction (drizzle). */
export async function saveDailyCap(tx: Db, capUsd: number | null): Promise<void> {
  if (capUsd === null) await tx.execute(q`delete from settings where key = ${DAILY_CAP_KEY}`);
  else await tx.execute(q`insert into settings (key, value) values (${DAILY_CAP_KEY}, ${String(capUsd)}) on conflict (key) do update set value = excluded.value`);
}

/**
 * Gives back the holds of ended runs that were never settled (an attempt cut short by a crash is
 * retried under a new key): what they held returns to the day and the run.
 */
export async function releaseRunHolds(tx: Tx, runIds: string[]): Promise<void> {
  if (!runIds.length) return;
  await tx`
    with freed as (
      update cost_reservations set status = 'released', settled_at = now()
      where run_id = any(${runIds}::uuid[]) and status = 'held'
      returning day, run_id, reserved_usd
    ), by_day as (
      update budget_days d set used_usd = d.used_usd - f.total
      from (select day, sum(reserved_usd) as total from freed group by day) f where d.day = f.day
    )
    update run_budgets r set used_usd = r.used_usd - f.total
    from (select run_id, sum(reserved_usd) as total from freed group by run_id) f where r.run_id = f.run_id`;
}
