import 'server-only';
import type { Sql } from '@/db/client';
import { runOrigin } from '@/db/queries/run-history';
import type { TriggerPayload } from '@/lib/engine/types';
import type { FlowInput } from '@/lib/workflow/types';
import { upTo } from '@/lib/workflow/subflow';
import { getDefinition } from '@/lib/steps/definitions';
import { recordedOutputs } from './rerun';

export class StepAloneError extends Error {}

/**
 * "Run this step": the part of the draft that leads to `stepId`, where every step before it is
 * reused from an earlier test run (so only this step really runs, on the same input it had).
 * Returns the document to snapshot and the trigger payload; refuses when the earlier run has no
 * output for a step this one needs.
 */
export async function stepAlonePlan(sql: Sql, draft: FlowInput, stepId: string, fromRunId: string): Promise<{ doc: FlowInput; payload: TriggerPayload }> {
  const doc = upTo(draft, stepId);
  if (!doc.steps.some((s) => s.id === stepId)) throw new StepAloneError('That step is not in the saved draft yet; wait for the save.');
  const run = await runOrigin<TriggerPayload>(sql, fromRunId);
  if (!run) throw new StepAloneError('The earlier test run no longer exists; use "Run up to here".');
  const recorded = await recordedOutputs(sql, fromRunId);
  const reuse: NonNullable<TriggerPayload['reuse']> = {};
  for (const s of doc.steps) {
    if (s.id === stepId || getDefinition(s.type)?.effect === 'trigger') continue;
    const r = recorded.get(s.id);
    if (!r) throw new StepAloneError(`"${s.name ?? s.id}" has no output in the last test run; use "Run up to here" first.`);
    reuse[s.id] = r;
  }
  return { doc, payload: { kind: 'manual', body: run.trigger.body, reuse } };
}
