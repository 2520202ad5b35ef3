import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Sql } from '@/db/client';
import type { TriggerPayload } from '@/lib/engine/types';
import type { ParentLink } from './types';
import { enqueueRunRow } from '@/db/queries/run-admission';

/**
 * Writes a run that has not started (no state, no lease) and its start job, in one statement:
 * whichever worker claims the job starts it (resumeRun's "never committed" path). Used where
 * work should be shared rather than run where it was triggered, e.g. a sub-flow fan-out.
 */
export async function enqueueRun(sql: Sql, a: { flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload; parent?: ParentLink; depth?: number }): Promise<string> {
  const runId = randomUUID();
  await enqueueRunRow(sql, { runId, ...a });
  return runId;
}
