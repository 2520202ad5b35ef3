import { getDbHandle } from '@/db/client';
import { guardApi, type ApiAccess } from '@/lib/api/guard';
import { parseInboxFilters } from '@/lib/inbox/filters';
import { listInbox } from '@/lib/inbox/queue';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'reviews:read', roles: ['admin', 'reviewer'] };

/** The review queue, with the inbox's filters (status, assigned, flow, kind, priority, age, reason, q, limit). */
export async function GET(req: Request) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const tasks = await listInbox(getDbHandle().sql, parseInboxFilters(new URL(req.url).searchParams), { id: caller.userId, roles: caller.roles });
  return Response.json({ tasks });
}
