import { getDbHandle } from '@/db/client';
import type { ApiAccess } from '@/lib/api/guard';
import { guardTaskRoute, inboxErrorResponse } from '@/lib/api/inbox-errors';
import { claimTask } from '@/lib/inbox/queue';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'reviews:write', roles: ['admin', 'reviewer'] };

/** Takes the task for the token's owner (only the holder then decides it). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const route = await guardTaskRoute(req, ctx, access);
  if (route instanceof Response) return route;
  const { caller, id } = route;
  try {
    await claimTask(getDbHandle().sql, id, { id: caller.userId, roles: caller.roles });
    return Response.json({ taskId: id, claimed: true });
  } catch (e) {
    return inboxErrorResponse(e);
  }
}
