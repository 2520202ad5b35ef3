import { REVIEW_ACTIONS, reviewDecisionSchema } from '@/lib/engine/review-decision';
import { getDbHandle } from '@/db/client';
import { apiError, type ApiAccess } from '@/lib/api/guard';
import { guardTaskRoute, inboxErrorResponse } from '@/lib/api/inbox-errors';
import { readApiJson } from '@/lib/api/read-json';
import { decideTask } from '@/lib/inbox/decide';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'reviews:write', roles: ['admin', 'reviewer'] };

/** Decides a review task with the inbox's rules; the waiting run resumes on any worker. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const route = await guardTaskRoute(req, ctx, access);
  if (route instanceof Response) return route;
  const { caller, id } = route;
  const json = await readApiJson(req);
  if (json instanceof Response) return json;
  const parsed = reviewDecisionSchema.safeParse(json.value);
  if (!parsed.success) return apiError(400, `Send {"action": ${REVIEW_ACTIONS.map((a) => `"${a}"`).join(' | ')}, ...}`, { issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
  try {
    const result = await decideTask(getDbHandle().sql, id, parsed.data, { id: caller.userId, roles: caller.roles });
    return Response.json({ taskId: id, ...result });
  } catch (e) {
    return inboxErrorResponse(e);
  }
}
