import { getDb } from '@/db/client';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { runSummary } from '@/lib/api/run-summary';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'runs:read', roles: ['admin', 'analyst', 'reviewer'] };

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return apiError(400, 'Not a run id');
  const run = await runSummary(getDb(), id);
  return run ? Response.json(run) : apiError(404, 'No such run');
}
