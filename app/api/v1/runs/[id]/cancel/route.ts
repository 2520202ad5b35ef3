import { getDbHandle } from '@/db/client';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { cancelRun, RunControlError } from '@/lib/runs/control';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'runs:write', roles: ['admin', 'analyst'] };

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return apiError(400, 'Not a run id');
  try {
    await cancelRun(getDbHandle().sql, id, 'Cancelled through the API');
  } catch (e) {
    if (e instanceof RunControlError) return apiError(409, e.message);
    throw e;
  }
  return Response.json({ runId: id, status: 'cancelling' }, { status: 202 });
}
