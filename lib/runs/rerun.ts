import 'server-only';
import type { Sql } from '@/db/client';
import { ancestors } from '@/lib/workflow/graph';
import type { TriggerPayload } from '@/lib/engine/types';
import { getPreparedVersion } from './flow-cache';

export class RerunError extends Error {}

/**
 * The trigger payload of a re-run from `stepId` on the original run's pinned version: every step
 * that succeeded in the original run and is not `stepId` or downstream of it is reused (not run
 * again); an edited input for `stepId` becomes its single predecessor's reused output.
 */
export async function rerunPayload(sql: Sql, runId: string, stepId: string, input?: unknown): Promise<{ flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload }> {
  const [run] = await sql<{ flow_id: string; version_id: string; is_test: boolean; trigger: TriggerPayload }[]>`select flow_id, version_id, is_test, trigger from runs where id = ${runId}`;
  if (!run) throw new RerunError('That run no longer exists');
  const prepared = await getPreparedVersion(sql, run.version_id);
  if (!prepared.steps.has(stepId)) throw new RerunError(`The run's version has no step "${stepId}"`);
  const rows = await sql<{ step_id: string; output: unknown; attempt: number }[]>`
    select distinct on (step_id) step_id, output, attempt from step_runs
    where run_id = ${runId} and status in ('succeeded', 'reused', 'pinned') order by step_id, attempt desc`;
  const g = prepared.graph;
  const redo = new Set([stepId, ...[...g.steps.keys()].filter((id) => ancestors(g, id).has(stepId))]);
  // The port each step took (branch steps must follow the same branch when reused).
  const taken = new Map((await sql<{ step_id: string; port: string | null }[]>`
    select step_id, data->>'port' as port from run_events where run_id = ${runId} and type = 'StepSucceeded'`).map((r) => [r.step_id, r.port ?? undefined]));
  const reuse: NonNullable<TriggerPayload['reuse']> = {};
  for (const r of rows) if (!redo.has(r.step_id) && !g.triggers.includes(r.step_id)) reuse[r.step_id] = { output: r.output, port: taken.get(r.step_id) };
  let body = run.trigger.body;
  if (input !== undefined && g.triggers.includes(stepId)) body = input; // from the trigger: a new input for the whole run
  else if (input !== undefined) {
    const preds = (g.incoming.get(stepId) ?? []).map((ei) => g.edges[ei]!);
    if (preds.length !== 1) throw new RerunError('Editing the input works for a step with exactly one incoming connection');
    const from = preds[0]!;
    if (g.triggers.includes(from.from)) body = input;
    else reuse[from.from] = { output: input, port: from.port };
  }
  return { flowId: run.flow_id, versionId: run.version_id, isTest: run.is_test, payload: { ...run.trigger, body, reuse } };
}
