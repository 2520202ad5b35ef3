import { getSql } from '@/db/client';
import { guardRoute } from '@/lib/auth/route-guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: ['admin', 'analyst', 'reviewer'] as const };

const PARTS = new Set(['input', 'output', 'error']);

/**
 * The whole recorded input, output or error of one step attempt, as a JSON download. Pages show
 * previews of large values; this is where the rest is: ?step=<id>&attempt=<n>&part=output.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const { id } = await ctx.params;
  const q = new URL(req.url).searchParams;
  const step = q.get('step') ?? '';
  const attempt = Number(q.get('attempt'));
  const part = q.get('part') ?? 'output';
  const problems = [
    /^[0-9a-f-]{36}$/i.test(id) ? null : 'the run id is not a run id',
    step ? null : 'give ?step=<step id>',
    Number.isInteger(attempt) && attempt >= 0 ? null : 'give ?attempt=<attempt number>',
    PARTS.has(part) ? null : 'part must be input, output or error',
  ].filter(Boolean);
  if (problems.length) return Response.json({ error: 'Bad request', reasons: problems }, { status: 400 });
  const rows = await getSql()<{ value: unknown }[]>`
    select case ${part} when 'input' then input when 'output' then output else error end as value
    from step_runs where run_id = ${id} and step_id = ${step} and attempt = ${attempt} limit 1`;
  if (!rows.length) return Response.json({ error: 'No such step attempt in this run' }, { status: 404 });
  const file = `${step}-${attempt}-${part}.json`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return new Response(JSON.stringify(rows[0]!.value ?? null, null, 2), {
    headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${file}"` },
  });
}
