import 'server-only';
import type { Sql } from '@/db/client';
import { lastStepOutputs, runOrigin } from '@/db/queries/run-history';
import { ancestors } from '@/lib/workflow/graph';
import type { TriggerPayload } from '@/lib/engine/types';
import { getPreparedVersion } from './flow-cache';
import { describeIssue, prepareFlow } from '@/lib/workflow/prepare';
import { snapshotDefinition } from '@/db/queries/flow-snapshots';
import { findLaunchTarget } from '@/db/queries/flow-runtime';

export class RerunError extends Error {}

/**
 * What each step of a run last produced (succeeded, reused or pinned) and the port it took, so
 * that a later run can reuse it; branch steps must follow the same branch when reused.
 */
export async function recordedOutputs(sql: Sql, runId: string): Promise<Map<string, { output: unknown; port?: string }>> {
  return new Map((await lastStepOutputs(sql, runId)).map((r) => [r.stepId, { output: r.output, port: r.port }]));
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
  const run = await runOrigin<TriggerPayload>(sql, runId);
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
  const flow = await findLaunchTarget(sql, flowId);
  if (!flow) throw new RerunError('That flow no longer exists');
  const check = prepareFlow(flow.draft);
  if (!check.ok) throw new RerunError(`The current draft has ${check.issues.length} problem(s); fix them in the editor first (${describeIssue(check.issues[0]!)})`);
  if (!check.prepared.steps.has(stepId)) throw new RerunError(`The current draft has no step "${stepId}"`);
  return snapshotDefinition(sql, flowId, flow.draft);
}
