import 'server-only';
import type { Sql, Tx } from '@/db/client';

/** A run_events row with the run fields observers group by. */
export type ObservedRow = { id: number; run_id: string; flow_id: string; is_test: boolean; type: string; step_id: string | null; data: unknown; at: Date };

/**
 * The safe end of the run log for cursors: the highest event id now visible, with the transactions
 * then writing run_events. Ids come from a sequence, so a commit still in flight may hold a lower id
 * than one already visible; once every transaction of `writers` has ended, every id ≤ `upTo` is
 * final (committed or gone), and a cursor may pass it. (A writer holds its RowExclusiveLock on
 * run_events from before it takes an id until it ends; ids taken after this read are all > upTo.)
 */
export async function logHorizon(sql: Sql): Promise<{ upTo: number; writers: string[] }> {
  const [r] = await sql<{ up_to: string; writers: string[] }[]>`
    select coalesce((select max(id) from run_events), 0)::text as up_to,
      array(select virtualtransaction from pg_locks where locktype = 'relation' and relation = 'run_events'::regclass
        and mode = 'RowExclusiveLock' and granted and pid <> pg_backend_pid()) as writers`;
  return { upTo: Number(r!.up_to), writers: r!.writers };
}

/** True once none of these transactions (virtual ids from `logHorizon`) is still running. */
export async function horizonSettled(sql: Sql, writers: string[]): Promise<boolean> {
  if (!writers.length) return true;
  const [r] = await sql<{ settled: boolean }[]>`select not exists (select 1 from pg_locks where virtualtransaction = any(${writers}::text[])) as settled`;
  return r!.settled;
}

/**
 * Locks an observer's cursor row for the rest of the transaction (creating it at 0 the first
 * time) and returns the last event id it handled. Two processes catching up the same observer
 * take turns; the second finds the cursor already moved.
 */
export async function lockCursor(tx: Tx, name: string): Promise<number> {
  await tx`insert into observer_cursors (name) values (${name}) on conflict (name) do nothing`;
  const [r] = await tx<{ last: string }[]>`select last_event_id::text as last from observer_cursors where name = ${name} for update`;
  return Number(r!.last);
}

export async function advanceCursor(tx: Tx, name: string, lastEventId: number): Promise<void> {
  await tx`update observer_cursors set last_event_id = ${lastEventId}, updated_at = now() where name = ${name}`;
}

/** Events of the given types with after < id ≤ upTo, oldest first, with their run's flow. */
export async function eventsBetween(sql: Tx, after: number, upTo: number, types: readonly string[], limit: number): Promise<ObservedRow[]> {
  const rows = await sql<(Omit<ObservedRow, 'id'> & { id: string })[]>`
    select e.id, e.run_id, r.flow_id, r.is_test, e.type, e.step_id, e.data, e.at
    from run_events e join runs r on r.id = e.run_id
    where e.id > ${after} and e.id <= ${upTo} and e.type = any(${types as string[]}::text[])
    order by e.id limit ${limit}`;
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function readCursors(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; last: string }[]>`select name, last_event_id::text as last from observer_cursors`;
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.last)]));
}
