import 'server-only';
import type { Sql } from '@/db/client';
import { commitRun } from '@/db/queries/run-commits';
import type { RunStore } from './types';

/** The run store over PostgreSQL: each commit is one statement (db/queries/run-commits.ts). */
export function pgRunStore(sql: Sql): RunStore {
  return { commit: (b) => commitRun(sql, b) };
}
