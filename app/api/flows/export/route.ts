import { getDb } from '@/db/client';
import { flows } from '@/db/schema';
import { guardRoute } from '@/lib/auth/route-guard';

export const dynamic = 'force-dynamic';
export const access = { roles: ['admin', 'analyst'] as const };

/** Every flow's draft as one JSON file (the documented flow format), for backup or moving. */
export async function GET() {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const rows = await getDb().select({ name: flows.name, description: flows.description, tags: flows.tags, definition: flows.draft }).from(flows).orderBy(flows.name);
  return new Response(JSON.stringify({ format: 'baton.flows', version: 1, exportedAt: new Date().toISOString(), flows: rows }, null, 2), {
    headers: { 'content-type': 'application/json', 'content-disposition': 'attachment; filename="baton-flows.json"' },
  });
}
