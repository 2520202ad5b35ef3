import { getDbHandle } from '@/db/client';
import { readToolStats } from '@/db/queries/tool-stats';
import { guardRoute } from '@/lib/auth/route-guard';
import { SECTIONS } from '@/lib/auth/nav';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: SECTIONS.tools.roles };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Live tool reliability for Admin → Tools (polled, so the figures move without a reload). `?toolId=` narrows to one tool. */
export async function GET(req: Request) {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const toolId = new URL(req.url).searchParams.get('toolId');
  if (toolId !== null && !UUID.test(toolId)) return Response.json({ error: 'toolId must be a tool id (a UUID)' }, { status: 400 });
  const stats = await readToolStats(getDbHandle().sql, toolId ? { toolIds: [toolId] } : {});
  return Response.json({ stats }, { headers: { 'cache-control': 'no-store' } });
}
