import 'server-only';
import type { Sql } from '@/db/client';
import { deleteExpiredRuns } from '@/db/queries/run-retention';
import { deleteExpiredResponses } from '@/db/queries/model-cache';

export const RETENTION_EVERY_MS = 3_600_000;

/**
 * Deletes finished runs that a flow's retention setting does not keep ("failed" keeps failed
 * runs, "none" keeps nothing beyond `days`), and expired model responses. Safe to run in every
 * worker; deletes are idempotent.
 */
export async function applyRetention(sql: Sql, now: Date): Promise<number> {
  const runs = await deleteExpiredRuns(sql, now);
  await deleteExpiredResponses(sql, now);
  return runs;
}
