import { getDbHandle } from '@/db/client';
import { guardRoute } from '@/lib/auth/route-guard';
import { SECTIONS } from '@/lib/auth/nav';
import { parseInboxFilters } from '@/lib/inbox/filters';
import { listInbox } from '@/lib/inbox/queue';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: SECTIONS.inbox.roles };

/** The inbox list as JSON (same filters as /inbox): what the page polls to stay live. */
export async function GET(req: Request) {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const items = await listInbox(getDbHandle().sql, parseInboxFilters(new URL(req.url).searchParams), user);
  return Response.json({ items }, { headers: { 'cache-control': 'no-store' } });
}
