'use server';
import { z } from 'zod';
import { getDbHandle } from '@/db/client';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';
import { decideTask, type DecideResult } from '@/lib/inbox/decide';
import { InboxError } from '@/lib/inbox/errors';
import { ASSIGNABLE_ROLES, assignTask, claimTask, commentOnTask, releaseTask } from '@/lib/inbox/queue';

const REVIEWERS = { roles: ['admin', 'reviewer'] } as const;
const taskId = z.string().uuid();

/** Inbox refusals (already decided, held by someone else, a field error) come back as data. */
async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof InboxError) throw new UserError(e.message, e.fieldErrors);
    throw e;
  }
}

export const claimReviewTask = defineAction(REVIEWERS, z.object({ taskId }), async (input, user) => {
  await asUserError(() => claimTask(getDbHandle().sql, input.taskId, user!));
  return { claimed: true };
});

export const releaseReviewTask = defineAction(REVIEWERS, z.object({ taskId }), async (input, user) => {
  await asUserError(() => releaseTask(getDbHandle().sql, input.taskId, user!));
  return { released: true };
});

/** Hands the task to a person or a role (or back to anyone). */
export const assignReviewTask = defineAction(
  REVIEWERS,
  z.object({ taskId, to: z.union([z.object({ userId: z.string().uuid() }), z.object({ role: z.enum(ASSIGNABLE_ROLES) }), z.object({ anyone: z.literal(true) })]) }),
  async (input, user) => {
    await asUserError(() => assignTask(getDbHandle().sql, input.taskId, user!, input.to));
    const to = input.to;
    return { assigned: 'userId' in to ? 'Assigned to that person' : 'role' in to ? `Assigned to the ${to.role} role` : 'Assigned to anyone' };
  },
);

/** Approve, reject with a reason, edit then approve, or choose a branch; the run resumes at once. */
export const decideReviewTask = defineAction(REVIEWERS, z.object({ taskId, decision: reviewDecisionSchema }), async (input, user) => {
  return asUserError(() => decideTask(getDbHandle().sql, input.taskId, input.decision, user!));
});

/** The same decision for several tasks; each is decided (or refused) on its own. */
export const decideReviewTasks = defineAction(
  REVIEWERS,
  z.object({ taskIds: z.array(taskId).min(1).max(200), decision: z.discriminatedUnion('action', [z.object({ action: z.literal('approve') }), z.object({ action: z.literal('reject'), comment: z.string().max(2000).optional() })]) }),
  async (input, user) => {
    const sql = getDbHandle().sql;
    const results: { taskId: string; ok: boolean; error?: string; result?: DecideResult }[] = [];
    for (const id of input.taskIds) {
      try {
        results.push({ taskId: id, ok: true, result: await decideTask(sql, id, input.decision, user!) });
      } catch (e) {
        if (!(e instanceof InboxError)) throw e;
        results.push({ taskId: id, ok: false, error: e.message });
      }
    }
    return results;
  },
);

export const commentOnReviewTask = defineAction(REVIEWERS, z.object({ taskId, body: z.string().trim().min(1, 'Write a comment').max(4000) }), async (input, user) => {
  await asUserError(() => commentOnTask(getDbHandle().sql, input.taskId, user!, input.body));
  return { commented: true };
});
