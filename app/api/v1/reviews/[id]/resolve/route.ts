import { REVIEW_ACTIONS, reviewDecisionSchema } from '@/lib/engine/review-decision';
import { getDbHandle } from '@/db/client';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { readApiJson } from '@/lib/api/read-json';
import { resolveReviewTask, RunControlError } from '@/lib/runs/control';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'reviews:write', roles: ['admin', 'reviewer'] };

/** Resolves an escalation; the waiting run resumes on any worker. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return apiError(400, 'Not a review task id');
  const json = await readApiJson(req);
  if (json instanceof Response) return json;
  const parsed = reviewDecisionSchema.safeParse(json.value);
  if (!parsed.success) return apiError(400, `Send {"action": ${REVIEW_ACTIONS.map((a) => `"${a}"`).join(' | ')}, ...}`, { issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
  try {
    const { runId } = await resolveReviewTask(getDbHandle().sql, id, parsed.data, caller.userId);
    return Response.json({ taskId: id, runId, status: 'resolved' });
  } catch (e) {
    if (e instanceof RunControlError) return apiError(409, e.message);
    throw e;
  }
}
