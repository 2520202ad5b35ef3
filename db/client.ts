import 'server-only';
import postgres from 'postgres';
import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** The pool's drizzle handle or one of its transactions: queries take either. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
export type Sql = postgres.Sql;
/** A transaction of `sql.begin`, for queries that must run inside one. */
export type Tx = postgres.TransactionSql;

type Handle = { url: string; sql: Sql; db: Db };
const KEY = Symbol.for('baton.db');
type WithDb = typeof globalThis & { [KEY]?: Handle };

/** Seconds a new connection may take before it counts as failed (a silent host, a dropped SYN). */
export const CONNECT_TIMEOUT_S = 5;
/** Longest pause (seconds) between reconnection attempts while the server is away. */
const MAX_BACKOFF_S = 1;

/**
 * Opens a pool for a database URL. Tests open their own; the app uses `getDb()`.
 * postgres.js waits before each reconnect (3^failures / 100 s, up to 20 s, shared by the pool),
 * and a query queued behind that wait hangs its request: after an outage of a few seconds a
 * health probe took 10 s to learn the database was down. A short, capped back-off keeps each
 * attempt quick, so a refused connection fails the query at once and a returning server is
 * found within a second.
 */
export function openDb(url: string, max = 10): Handle {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_S,
    backoff: (failures: number) => Math.min(0.05 * 2 ** failures, MAX_BACKOFF_S),
    connection: { application_name: 'baton' },
  });
  return { url, sql, db: drizzle(sql, { schema }) };
}

/**
 * The process-wide pool. Kept on globalThis so that the launcher's module graph and Next's
 * bundled server code (two copies of this module in one process) share one pool.
 */
export function getDbHandle(): Handle {
  const g = globalThis as WithDb;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start Baton with `npm start`, which provides one.');
  if (!g[KEY] || g[KEY].url !== url) g[KEY] = openDb(url, Number(process.env.DB_POOL_SIZE ?? 10));
  return g[KEY];
}

export const getDb = (): Db => getDbHandle().db;
export const getSql = (): Sql => getDbHandle().sql;
