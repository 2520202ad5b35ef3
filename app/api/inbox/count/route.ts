import { getDbHandle } from '@/db/client';
import { guardRoute } from '@/lib/auth/route-guard';
import { SECTIONS } from '@/lib/auth/nav';
import { openTaskCount } from '@/lib/inbox/queue';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: SECTIONS.inbox.roles };

/** The navigation badge's open-task count (polled, so it moves without a reload). */
export async function GET() {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  return Response.json({ open: await openTaskCount(getDbHandle().sql, user) }, { headers: { 'cache-control': 'no-store' } });
}
