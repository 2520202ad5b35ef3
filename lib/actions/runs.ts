'use server';
import { z } from 'zod';
import { uiValue } from '@/lib/json/ui-value';
import { getDbHandle } from '@/db/client';
import { deleteFinishedRuns } from '@/db/queries/run-control';
import { runOrigin, stepAttempts } from '@/db/queries/run-history';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';
import { engineHandle } from '@/lib/runs/runtime-handle';
import { launch, LaunchError, type LaunchRequest } from '@/lib/runs/launch';
import { cancelRun, resolveReviewTask, RunControlError } from '@/lib/runs/control';

/** The editor's Run: a test run of the current draft, with the given input as the trigger body. */
export const startTestRun = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), input: z.unknown().default({}) }), async (input, user) =>
  started({ flowId: input.flowId, version: { kind: 'draft' }, payload: { kind: 'manual', body: input.input ?? {} } }, user),
);

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
  return { deleted: await deleteFinishedRuns(getDbHandle().sql, input.runIds) };
});

/** Runs again from the start on the same pinned version with the same trigger input. */
export const rerunRun = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runId: z.string().uuid() }), async (input, user) => {
  const run = await runOrigin(getDbHandle().sql, input.runId);
  if (!run) throw new UserError('That run no longer exists.');
  return started({ flowId: run.flow_id, version: { kind: 'version', versionId: run.version_id, isTest: run.is_test }, payload: { kind: run.trigger.kind, body: run.trigger.body } }, user);
});

/** "Run up to here": a test run of the draft's part that leads to this step (pinned data applies). */
export const runUpToStep = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), stepId: z.string().min(1), input: z.unknown().default({}) }), async (input, user) =>
  started({ flowId: input.flowId, version: { kind: 'upTo', stepId: input.stepId }, payload: { kind: 'manual', body: input.input ?? {} } }, user),
);

/** "Run this step": only this step runs, on the input it had in the editor's last test run. */
export const runStepAlone = defineAction({ roles: ['admin', 'analyst'] }, z.object({ flowId: z.string().uuid(), stepId: z.string().min(1), fromRunId: z.string().uuid() }), async (input, user) =>
  started({ flowId: input.flowId, version: { kind: 'stepAlone', stepId: input.stepId, fromRunId: input.fromRunId }, payload: { kind: 'manual', body: {} } }, user),
);

/** The recorded attempts of one step in one run, for the editor's input/output panes. */
export const getStepAttempts = defineAction({ roles: ['admin', 'analyst', 'reviewer'] }, z.object({ runId: z.string().uuid(), stepId: z.string().min(1) }), async (input) => {
  const rows = await stepAttempts(getDbHandle().sql, input.runId, input.stepId);
  // Large values come as previews (the run's page links the whole); `full` says which, and how big.
  return rows.map((r) => {
    const inp = uiValue(r.input);
    const out = uiValue(r.output);
    return { attempt: r.attempt, status: r.status, input: inp.value, output: out.value, error: uiValue(r.error).value, full: { input: inp.fullBytes, output: out.fullBytes } };
  });
});

/** Re-runs from a step of a finished run: earlier outputs reused, optionally with an edited input, on the pinned version or the current draft (a test run). */
export const rerunFromStep = defineAction({ roles: ['admin', 'analyst'] }, z.object({ runId: z.string().uuid(), stepId: z.string().min(1), input: z.unknown().optional(), source: z.enum(['pinned', 'draft']).default('pinned') }), async (input, user) =>
  started({ flowId: '', version: { kind: 'rerunFrom', runId: input.runId, stepId: input.stepId, input: input.input, source: input.source }, payload: { kind: 'manual', body: {} } }, user),
);

/** Starts a run through the one launcher, as this person's; a refusal becomes a message (and field errors) for the form. */
async function started(req: LaunchRequest, user: { id: string } | null): Promise<{ runId: string }> {
  try {
    return { runId: (await launch(engineHandle(), { ...req, startedBy: user?.id ?? null })).runId };
  } catch (e) {
    if (e instanceof LaunchError) throw new UserError(e.message, e.fieldErrors);
    throw e;
  }
}
