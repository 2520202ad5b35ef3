import 'server-only';
import { InboxError } from '@/lib/inbox/errors';
import { apiError, guardApi, type ApiAccess, type ApiCaller } from './guard';

/** An inbox refusal as an API answer: 404 unknown task, 400 bad data (with field errors), else 409. */
export function inboxErrorResponse(e: unknown): Response {
  if (!(e instanceof InboxError)) throw e;
  if (e.code === 'not-found') return apiError(404, e.message);
  if (e.code === 'invalid') return apiError(400, e.message, e.fieldErrors ? { fieldErrors: e.fieldErrors } : undefined);
  return apiError(409, e.message, { code: e.code });
}

export const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The start of every /api/v1/reviews/:id route: the caller's token and roles, then a well-formed task id. */
export async function guardTaskRoute(req: Request, ctx: { params: Promise<{ id: string }> }, access: ApiAccess): Promise<{ caller: ApiCaller; id: string } | Response> {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!TASK_ID.test(id)) return apiError(400, 'Not a review task id');
  return { caller, id };
}
