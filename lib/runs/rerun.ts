import 'server-only';
import type { Sql } from '@/db/client';
import { ancestors } from '@/lib/workflow/graph';
import type { TriggerPayload } from '@/lib/engine/types';
import { getPreparedVersion } from './flow-cache';
import { describeIssue, prepareFlow } from '@/lib/workflow/prepare';
import { snapshotDefinition } from '@/db/queries/flow-snapshots';

export class RerunError extends Error {}

/**
 * What each step of a run last produced (succeeded, reused or pinned) and the port it took, so
 * that a later run can reuse it; branch steps must follow the same branch when reused.
 */
export async function recordedOutputs(sql: Sql, runId: string): Promise<Map<string, { output: unknown; port?: string }>> {
  const rows = await sql<{ step_id: string; output: unknown }[]>`
    select distinct on (step_id) step_id, output from step_runs
    where run_id = ${runId} and status in ('succeeded', 'reused', 'pinned') order by step_id, attempt desc`;
  const taken = new Map((await sql<{ step_id: string; port: string | null }[]>`
    select step_id, data->>'port' as port from run_events where run_id = ${runId} and type = 'StepSucceeded'`).map((r) => [r.step_id, r.port ?? undefined]));
  return new Map(rows.map((r) => [r.step_id, { output: r.output, port: taken.get(r.step_id) }]));
}

/** Which definition a re-run uses: the version the run pinned, or the flow's current draft. */
export type RerunSource = 'pinned' | 'draft';

/**
 * The trigger payload of a re-run from `stepId`: every step that succeeded in the original run and
 * is not `stepId` or downstream of it is reused (not run again); an edited input for `stepId`
 * becomes its single predecessor's reused output. On `pinned`, the run's own version (a test run
 * stays a test run); on `draft`, a snapshot of the current draft, always a test run (so a fix made
 * in the editor since is what runs).
 */
export async function rerunPayload(sql: Sql, runId: string, stepId: string, input?: unknown, source: RerunSource = 'pinned'): Promise<{ flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload }> {
  const [run] = await sql<{ flow_id: string; version_id: string; is_test: boolean; trigger: TriggerPayload }[]>`select flow_id, version_id, is_test, trigger from runs where id = ${runId}`;
  if (!run) throw new RerunError('That run no longer exists');
  const versionId = source === 'draft' ? await draftVersion(sql, run.flow_id, stepId) : run.version_id;
  const prepared = await getPreparedVersion(sql, versionId);
  if (!prepared.steps.has(stepId)) throw new RerunError(`The run's version has no step "${stepId}"`);
  const recorded = await recordedOutputs(sql, runId);
  const g = prepared.graph;
  const redo = new Set([stepId, ...[...g.steps.keys()].filter((id) => ancestors(g, id).has(stepId))]);
  const reuse: NonNullable<TriggerPayload['reuse']> = {};
  for (const [id, r] of recorded) if (!redo.has(id) && !g.triggers.includes(id) && g.steps.has(id)) reuse[id] = r;
  let body = run.trigger.body;
  if (input !== undefined && g.triggers.includes(stepId)) body = input; // from the trigger: a new input for the whole run
  else if (input !== undefined) {
    const preds = (g.incoming.get(stepId) ?? []).map((ei) => g.edges[ei]!);
    if (preds.length !== 1) throw new RerunError('Editing the input works for a step with exactly one incoming connection');
    const from = preds[0]!;
    if (g.triggers.includes(from.from)) body = input;
    else reuse[from.from] = { output: input, port: from.port };
  }
  return { flowId: run.flow_id, versionId, isTest: source === 'draft' || run.is_test, payload: { ...run.trigger, body, reuse } };
}

/** A snapshot of the flow's current draft to re-run on, refused with the reason when it cannot run. */
async function draftVersion(sql: Sql, flowId: string, stepId: string): Promise<string> {
  const [flow] = await sql<{ draft: unknown }[]>`select draft from flows where id = ${flowId}`;
  if (!flow) throw new RerunError('That flow no longer exists');
  const check = prepareFlow(flow.draft);
  if (!check.ok) throw new RerunError(`The current draft has ${check.issues.length} problem(s); fix them in the editor first (${describeIssue(check.issues[0]!)})`);
  if (!check.prepared.steps.has(stepId)) throw new RerunError(`The current draft has no step "${stepId}"`);
  return snapshotDefinition(sql, flowId, flow.draft);
}
