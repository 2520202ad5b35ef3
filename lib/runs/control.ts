import 'server-only';
import type { Sql } from '@/db/client';
import { queueCancel } from '@/db/queries/run-control';
import type { ReviewDecision } from '@/lib/engine/types';
import { decideTask } from '@/lib/inbox/decide';
import { InboxError } from '@/lib/inbox/errors';

export class RunControlError extends Error {}

/**
 * Resolves an open review task as `actorId` (null: the system). The rules, the audit row and the
 * queued resumption live in lib/inbox's decideTask; a refusal comes back as a RunControlError.
 */
export async function resolveReviewTask(sql: Sql, taskId: string, decision: ReviewDecision, actorId: string | null): Promise<{ runId: string }> {
  try {
    return await decideTask(sql, taskId, decision, actorId ? { id: actorId, roles: [] } : null);
  } catch (e) {
    if (e instanceof InboxError) throw new RunControlError(e.message);
    throw e;
  }
}

/** Cancels a running or waiting run: running steps are aborted, waits and retries dropped. */
export async function cancelRun(sql: Sql, runId: string, reason = 'Cancelled by a user'): Promise<void> {
  if (!(await queueCancel(sql, runId, reason))) throw new RunControlError('Only a running or waiting run can be cancelled');
}
