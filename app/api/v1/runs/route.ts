import { z } from 'zod';
import { getDb } from '@/db/client';
import { listRuns } from '@/db/queries/runs';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'runs:read', roles: ['admin', 'analyst', 'reviewer'] };
const query = z.object({
  flowId: z.string().uuid().optional(),
  status: z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** Lists runs, newest first; pass `nextCursor` back as `cursor` for the next page. */
export async function GET(req: Request) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return apiError(400, 'Bad query', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  const { limit, cursor, ...filters } = parsed.data;
  const page = await listRuns(getDb(), filters, cursor, limit);
  return Response.json({ runs: page.runs.map((r) => ({ ...r, startedAt: new Date(r.startedAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null })), nextCursor: page.nextCursor });
}
