'use server';
import { z } from 'zod';
import { uiValue } from '@/lib/json/ui-value';
import { schemaErrors } from '@/lib/runs/schema-check';
import { stepAlonePlan, StepAloneError } from '@/lib/runs/step-alone';
import { getDbHandle } from '@/db/client';
import { snapshotDefinition } from '@/db/queries/flow-snapshots';
import { upTo } from '@/lib/workflow/subflow';
import { rerunPayload, RerunError } from '@/lib/runs/rerun';
import type { FlowInput } from '@/lib/workflow/types';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';
import { engineHandle } from '@/lib/runs/runtime-handle';
import { cancelRun, resolveReviewTask, RunControlError } from '@/lib/runs/control';
import { prepareFlow } from '@/lib/workflow/prepare';
import { getFlow } from '@/db/queries/flows';
import { getDb } from '@/db/client';

/** The editor's Run: a test run of the current draft, with the given input as the trigger body. */
export const startTestRun = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), input: z.unknown().default({}) }), async (input) => {
  const rt = engineHandle();
  if (!rt) throw new UserError('This server runs no worker, so it cannot start runs.');
  const flow = await getFlow(getDb(), input.flowId);
  if (!flow) throw new UserError('This flow no longer exists.');
  const check = prepareFlow(flow.draft);
  if (!check.ok) throw new UserError(`Fix the ${check.issues.length} problem(s) shown in the editor first.`);
  const trigger = check.prepared.steps.get(check.prepared.graph.triggers[0]!);
  const wrong = schemaErrors(trigger?.contract.output, input.input ?? {});
  if (wrong.length) throw new UserError("The input does not match the trigger's schema.", Object.fromEntries(wrong.map((e) => [e.path || '_', [e.message]])));
  // The very draft just checked: re-reading it could pick up a save made meanwhile, unchecked.
  const versionId = await snapshotDefinition(getDbHandle().sql, input.flowId, flow.draft);
  const run = await rt.startVersion({ flowId: input.flowId, versionId, isTest: true, payload: { kind: 'manual', body: input.input ?? {} } });
  await run.firstCommit;
  return { runId: run.runId };
});

export const cancelRunNow = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runId: z.string().uuid() }), async (input) => {
  try {
    await cancelRun(getDbHandle().sql, input.runId);
  } catch (e) {
    if (e instanceof RunControlError) throw new UserError(e.message);
    throw e;
  }
  return { ok: true };
});

/** Until the reviewer inbox lands, reviewers and admins resolve escalations from the run view. */
export const resolveReview = defineAction({ roles: ['admin', 'reviewer'] }, z.object({ taskId: z.string().uuid(), decision: reviewDecisionSchema }), async (input, user) => {
  try {
    return await resolveReviewTask(getDbHandle().sql, input.taskId, input.decision, user!.id);
  } catch (e) {
    if (e instanceof RunControlError) throw new UserError(e.message);
    throw e;
  }
});

/** Deletes finished runs (with their steps and events); running ones must be cancelled first. */
export const deleteRuns = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runIds: z.array(z.string().uuid()).min(1).max(500) }), async (input) => {
  const sql = getDbHandle().sql;
  const rows = await sql`delete from runs where id = any(${input.runIds}::uuid[]) and status in ('succeeded', 'failed', 'cancelled') returning id`;
  return { deleted: rows.length };
});

/** Runs again from the start on the same pinned version with the same trigger input. */
export const rerunRun = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runId: z.string().uuid() }), async (input) => {
  const rt = engineHandle();
  if (!rt) throw new UserError('This server runs no worker, so it cannot start runs.');
  const [run] = await getDbHandle().sql<{ flow_id: string; version_id: string; is_test: boolean; trigger: { kind: string; body: unknown } }[]>`select flow_id, version_id, is_test, trigger from runs where id = ${input.runId}`;
  if (!run) throw new UserError('That run no longer exists.');
  const again = await rt.startVersion({ flowId: run.flow_id, versionId: run.version_id, isTest: run.is_test, payload: { kind: run.trigger.kind, body: run.trigger.body } });
  await again.firstCommit;
  return { runId: again.runId };
});

/** "Run up to here": a test run of the draft's part that leads to this step (pinned data applies). */
export const runUpToStep = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), stepId: z.string().min(1), input: z.unknown().default({}) }), async (input) => {
  const rt = engineHandle();
  if (!rt) throw new UserError('This server runs no worker, so it cannot start runs.');
  const flow = await getFlow(getDb(), input.flowId);
  if (!flow) throw new UserError('This flow no longer exists.');
  const doc = upTo(flow.draft as FlowInput, input.stepId);
  if (!doc.steps.some((s) => s.id === input.stepId)) throw new UserError('That step is not in the saved draft yet; wait for the save.');
  const check = prepareFlow(doc);
  if (!check.ok) throw new UserError(`Fix the problem(s) before this step first: ${check.issues.map((i) => i.message).slice(0, 3).join('; ')}`);
  const versionId = await snapshotDefinition(getDbHandle().sql, input.flowId, doc);
  const run = await rt.startVersion({ flowId: input.flowId, versionId, isTest: true, payload: { kind: 'manual', body: input.input ?? {} } });
  await run.firstCommit;
  return { runId: run.runId };
});

/** "Run this step": only this step runs, on the input it had in the editor's last test run. */
export const runStepAlone = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), stepId: z.string().min(1), fromRunId: z.string().uuid() }), async (input) => {
  const rt = engineHandle();
  if (!rt) throw new UserError('This server runs no worker, so it cannot start runs.');
  const flow = await getFlow(getDb(), input.flowId);
  if (!flow) throw new UserError('This flow no longer exists.');
  const sql = getDbHandle().sql;
  const plan = await stepAlonePlan(sql, flow.draft as FlowInput, input.stepId, input.fromRunId).catch((e) => {
    throw e instanceof StepAloneError ? new UserError(e.message) : e;
  });
  const check = prepareFlow(plan.doc);
  if (!check.ok) throw new UserError(`Fix the problem(s) before this step first: ${check.issues.map((i) => i.message).slice(0, 3).join('; ')}`);
  const versionId = await snapshotDefinition(sql, input.flowId, plan.doc);
  const run = await rt.startVersion({ flowId: input.flowId, versionId, isTest: true, payload: plan.payload });
  await run.firstCommit;
  return { runId: run.runId };
});

/** The recorded attempts of one step in one run, for the editor's input/output panes. */
export const getStepAttempts = defineAction({ roles: ['admin', 'analyst', 'reviewer'] }, z.object({ runId: z.string().uuid(), stepId: z.string().min(1) }), async (input) => {
  const rows = await getDbHandle().sql<{ attempt: number; status: string; input: unknown; output: unknown; error: unknown }[]>`
    select attempt, status, input, output, error from step_runs where run_id = ${input.runId} and step_id = ${input.stepId} order by attempt`;
  // Large values come as previews (the run's page links the whole); `full` says which, and how big.
  return rows.map((r) => {
    const inp = uiValue(r.input);
    const out = uiValue(r.output);
    return { attempt: r.attempt, status: r.status, input: inp.value, output: out.value, error: uiValue(r.error).value, full: { input: inp.fullBytes, output: out.fullBytes } };
  });
});

/** Re-runs from a step of a finished run: earlier outputs reused, optionally with an edited input, on the pinned version or the current draft (a test run). */
export const rerunFromStep = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runId: z.string().uuid(), stepId: z.string().min(1), input: z.unknown().optional(), source: z.enum(['pinned', 'draft']).default('pinned') }), async (input) => {
  const rt = engineHandle();
  if (!rt) throw new UserError('This server runs no worker, so it cannot start runs.');
  try {
    const args = await rerunPayload(getDbHandle().sql, input.runId, input.stepId, input.input, input.source);
    const run = await rt.startVersion(args);
    await run.firstCommit;
    return { runId: run.runId };
  } catch (e) {
    if (e instanceof RerunError) throw new UserError(e.message);
    throw e;
  }
});
