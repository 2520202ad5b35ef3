import { getDbHandle } from '@/db/client';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { inboxErrorResponse, TASK_ID } from '@/lib/api/inbox-errors';
import { releaseTask } from '@/lib/inbox/queue';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'reviews:write', roles: ['admin', 'reviewer'] };

/** Gives the task back to the queue (its holder, or an admin). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!TASK_ID.test(id)) return apiError(400, 'Not a review task id');
  try {
    await releaseTask(getDbHandle().sql, id, { id: caller.userId, roles: caller.roles });
    return Response.json({ taskId: id, released: true });
  } catch (e) {
    return inboxErrorResponse(e);
  }
}
