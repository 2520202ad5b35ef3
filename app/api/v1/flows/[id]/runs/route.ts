import { z } from 'zod';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { readApiJson } from '@/lib/api/read-json';
import { engineHandle } from '@/lib/runs/runtime-handle';
import { launch, LaunchError, LAUNCH_HTTP_STATUS } from '@/lib/runs/launch';

export const dynamic = 'force-dynamic';
export const access: ApiAccess = { token: 'runs:write', roles: ['admin', 'analyst'] };
const body = z.object({ input: z.unknown().default({}), test: z.boolean().default(false) });

/** Starts a run: the active published version (the flow must be active), or the draft with test=true. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const caller = await guardApi(req, access);
  if (caller instanceof Response) return caller;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return apiError(400, 'Not a flow id');
  const json = await readApiJson(req);
  if (json instanceof Response) return json;
  const parsed = body.safeParse(json.value);
  if (!parsed.success) return apiError(400, 'Send a JSON body like {"input": {...}, "test": false}', { issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
  try {
    const run = await launch(engineHandle(), { flowId: id, version: parsed.data.test ? { kind: 'draft' } : { kind: 'active' }, payload: { kind: 'api', body: parsed.data.input }, startedBy: caller.userId });
    return Response.json({ runId: run.runId, status: 'accepted' }, { status: 202 });
  } catch (e) {
    if (!(e instanceof LaunchError)) throw e;
    const reasons = e.fieldErrors ? Object.entries(e.fieldErrors).map(([path, m]) => `input${path === '_' ? '' : `.${path}`} ${m.join('; ')}`) : undefined;
    return apiError(LAUNCH_HTTP_STATUS[e.code], e.message, reasons ? { reasons } : undefined);
  }
}
