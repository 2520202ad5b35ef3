import { z } from 'zod';
import { getDb, getDbHandle } from '@/db/client';
import { getFlow } from '@/db/queries/flows';
import { snapshotDraft } from '@/db/queries/flow-snapshots';
import { apiError, guardApi, type ApiAccess } from '@/lib/api/guard';
import { readApiJson } from '@/lib/api/read-json';
import { engineHandle } from '@/lib/runs/runtime-handle';
import { getPreparedVersion } from '@/lib/runs/flow-cache';
import { schemaErrors } from '@/lib/runs/schema-check';

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
  const flow = await getFlow(getDb(), id);
  if (!flow) return apiError(404, 'No such flow');
  const rt = engineHandle();
  if (!rt) return apiError(503, 'This server runs no worker');
  let versionId: string | undefined;
  if (parsed.data.test) versionId = await snapshotDraft(getDbHandle().sql, id);
  else if (flow.active && flow.activeVersionId) versionId = flow.activeVersionId;
  else return apiError(409, 'This flow is not active: activate it, or start a test run of the draft with "test": true');
  const prepared = await getPreparedVersion(getDbHandle().sql, versionId!).catch(() => null);
  if (!prepared) return apiError(422, 'The flow has validation errors: fix them in the editor first');
  const wrong = schemaErrors(prepared.steps.get(prepared.graph.triggers[0]!)?.contract.output, parsed.data.input);
  if (wrong.length) return apiError(400, "The input does not match the trigger's schema", { reasons: wrong.map((e) => `input${e.path ? `.${e.path}` : ''} ${e.message}`) });
  const run = await rt.startVersion({ flowId: id, versionId: versionId!, isTest: parsed.data.test, payload: { kind: 'api', body: parsed.data.input } }).catch(() => null);
  if (!run) return apiError(422, 'The flow has validation errors: fix them in the editor first');
  await run.firstCommit;
  return Response.json({ runId: run.runId, status: 'accepted' }, { status: 202 });
}
