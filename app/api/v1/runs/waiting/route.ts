import { z } from 'zod';
import { getDbHandle } from '@/db/client';
import { listWaitingRuns } from '@/db/queries/inbox';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'runs:read', roles: ['admin', 'analyst', 'reviewer'] };

/** Runs paused on a person or a timer, newest first, with what each waits on (its open review tasks). */
export async function GET(req: Request) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const limit = z.coerce.number().int().min(1).max(200).default(50).safeParse(new URL(req.url).searchParams.get('limit') ?? undefined);
  if (!limit.success) return apiError(400, 'limit must be a whole number from 1 to 200');
  const runs = await listWaitingRuns(getDbHandle().sql, limit.data);
  return Response.json({ runs: runs.map((r) => ({ id: r.id, flowId: r.flow_id, flowName: r.flow_name, startedAt: new Date(r.started_at).toISOString(), openReviewTasks: r.open_tasks })) });
}
