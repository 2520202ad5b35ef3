import { guardRoute } from '@/lib/auth/route-guard';
import { SECTIONS } from '@/lib/auth/nav';
import { loadRunListPage, type RunSearch } from '@/lib/runs/run-list';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: SECTIONS.runs.roles };

/** A page of the Runs list as JSON (same filters as /runs): what the list polls to stay live. */
export async function GET(req: Request) {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const q = new URL(req.url).searchParams;
  const search: RunSearch = Object.fromEntries(['status', 'flow', 'trigger', 'kind', 'from', 'to', 'cursor'].map((k) => [k, q.get(k) ?? undefined]));
  return Response.json(await loadRunListPage(search), { headers: { 'cache-control': 'no-store' } });
}
