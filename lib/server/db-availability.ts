import 'server-only';
import { getSql, type Sql } from '@/db/client';
import { log } from '@/lib/log/logger';

/** The longest a request waits on the database before it answers 503 (BATON_DB_WAIT_MS). */
export const DB_WAIT_MS = Number(process.env.BATON_DB_WAIT_MS ?? 3_000);
/** While the database is down, how often a request may trigger a new check. */
const RECHECK_MS = 500;

/** The database could not be reached, or did not answer within DB_WAIT_MS. */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'Baton cannot reach its database') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket errors, postgres.js connection errors, and server states that mean "not now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '53300', // admin/crash shutdown, starting up, too many connections
]);

const PG_CONNECTION_LOST = /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/;

/**
 * True for an error that says the database is unreachable (as opposed to a bad query): such an
 * error becomes a 503, never a 500 or a 4xx. Follows `cause` (drizzle wraps driver errors) and
 * compares by name, since Next's bundle and the launcher hold two copies of this module.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  if ((err as Error).name === 'DatabaseUnavailableError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  // node-postgres (graphile-worker's driver) reports a cut connection with no code, only words.
  if (typeof (err as Error).message === 'string' && PG_CONNECTION_LOST.test((err as Error).message)) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * Awaits database work for at most `ms`: a server that stopped answering (a frozen host, a
 * full pool) turns into a DatabaseUnavailableError instead of a request that hangs. The work
 * itself is not cancelled; it ends when the driver gives up. A connection failure seen here
 * triggers a check, so that the next requests are answered at once (see `databaseDown`).
 */
export async function withinDbWait<T>(work: PromiseLike<T>, ms = DB_WAIT_MS): Promise<T> {
  try {
    return await raceTimer(work, ms);
  } catch (err) {
    if (isDatabaseUnavailable(err)) void checkDatabase();
    throw err;
  }
}

type State = { down: boolean; checkedAt: number; checking: Promise<boolean> | null };
const KEY = Symbol.for('baton.db-availability');

/** One state per process, shared by the launcher's module graph and Next's bundle. */
function state(): State {
  const g = globalThis as { [KEY]?: State };
  return (g[KEY] ??= { down: false, checkedAt: 0, checking: null });
}

/**
 * Whether the database is known to be unreachable: set only by a failed check (never by one
 * failed query, which may be a connection cut on its own), cleared by any successful one.
 * While down, a call starts a new check at most every RECHECK_MS, so requests themselves
 * notice the database's return within a moment.
 */
export function databaseDown(): boolean {
  const s = state();
  if (s.down && Date.now() - s.checkedAt > RECHECK_MS) void checkDatabase();
  return s.down;
}

/** Checks the database now (one check at a time per process); resolves true when it answered. */
export function checkDatabase(sql?: Sql): Promise<boolean> {
  const s = state();
  s.checking ??= (async () => {
    let ok = false;
    try {
      const db = sql ?? getSql();
      await raceTimer(db`select 1`, DB_WAIT_MS);
      ok = true;
    } catch {
      ok = false;
    }
    noteDatabase(ok);
    return ok;
  })().finally(() => {
    state().checking = null;
  });
  return s.checking;
}

/** Records what a query just learnt (the heartbeat reports each beat); logs only the changes. */
export function noteDatabase(reachable: boolean): void {
  const s = state();
  s.checkedAt = Date.now();
  if (s.down === !reachable) return;
  s.down = !reachable;
  if (s.down) log.error('the database is unreachable: requests are answered with 503 until it returns');
  else log.info('the database is reachable again');
}

function raceTimer<T>(work: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`The database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
