import 'server-only';
import type { Sql } from '@/db/client';
import { findLaunchTarget } from '@/db/queries/flow-runtime';
import { snapshotDefinition, snapshotDraft } from '@/db/queries/flow-snapshots';
import type { TriggerPayload } from '@/lib/engine/types';
import { prepareFlow } from '@/lib/workflow/prepare';
import { upTo } from '@/lib/workflow/subflow';
import type { FlowInput } from '@/lib/workflow/types';
import type { EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';
import { rerunPayload, RerunError, type RerunSource } from './rerun';
import { schemaErrors } from './schema-check';
import { stepAlonePlan, StepAloneError } from './step-alone';
import type { StartedRun } from './start-run';

/**
 * Which version a run starts on: the active published one (production; the flow must be active),
 * the current draft (a test run), a fixed version, the draft's part up to a step, one step alone
 * on the input an earlier test run gave it, or a re-run from a step of an earlier run.
 */
export type LaunchVersion =
  | { kind: 'active' }
  | { kind: 'draft' }
  | { kind: 'version'; versionId: string; isTest: boolean }
  | { kind: 'upTo'; stepId: string }
  | { kind: 'stepAlone'; stepId: string; fromRunId: string }
  | { kind: 'rerunFrom'; runId: string; stepId: string; input?: unknown; source: RerunSource };

/**
 * `flowId` and `payload` are the re-run's own for `rerunFrom` (read from the earlier run).
 * `startedBy`: the person starting it (or the API token's owner); null for webhooks and schedules.
 */
export type LaunchRequest = { flowId: string; version: LaunchVersion; payload: TriggerPayload; startedBy?: string | null };

/** Why a launch was refused, in words for the person who asked; `code` maps to an HTTP status. */
export class LaunchError extends Error {
  constructor(
    readonly code: 'no-worker' | 'not-found' | 'inactive' | 'invalid' | 'input',
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export const LAUNCH_HTTP_STATUS: Record<LaunchError['code'], number> = { 'no-worker': 503, 'not-found': 404, inactive: 409, invalid: 422, input: 400 };

/**
 * The one way a run starts from outside the engine (editor actions, the API, webhooks next; MCP
 * calls, goal runs, evaluations and the inbox later): choose the version, prepare it, check the
 * input against the trigger's contract, then start it under the flow's concurrency admission.
 * Resolves once the run's first commit is durable.
 */
export async function launch(rt: EngineRuntime | undefined, req: LaunchRequest): Promise<StartedRun> {
  if (!rt) throw new LaunchError('no-worker', 'This server runs no worker, so it cannot start runs.');
  const chosen = await chooseVersion(rt.sql, req);
  const prepared = await getPreparedVersion(rt.sql, chosen.versionId).catch(() => null);
  if (!prepared) throw new LaunchError('invalid', 'The flow has validation errors: fix them in the editor first.');
  if (chosen.checkInput) {
    const wrong = schemaErrors(prepared.steps.get(prepared.graph.triggers[0]!)?.contract.output, chosen.payload.body ?? {});
    if (wrong.length) throw new LaunchError('input', "The input does not match the trigger's schema.", Object.fromEntries(wrong.map((e) => [e.path || '_', [e.message]])));
  }
  const run = await rt.startVersion({ flowId: chosen.flowId, versionId: chosen.versionId, isTest: chosen.isTest, payload: chosen.payload, startedBy: req.startedBy ?? null });
  await run.firstCommit;
  return run;
}

type Chosen = { flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload; checkInput: boolean };

async function chooseVersion(sql: Sql, req: LaunchRequest): Promise<Chosen> {
  const v = req.version;
  const base = { flowId: req.flowId, payload: req.payload, checkInput: true };
  if (v.kind === 'version') return { ...base, versionId: v.versionId, isTest: v.isTest, checkInput: false };
  if (v.kind === 'rerunFrom') {
    const args = await rerunPayload(sql, v.runId, v.stepId, v.input, v.source).catch((e) => {
      throw e instanceof RerunError ? new LaunchError('invalid', e.message) : e;
    });
    return { ...args, checkInput: false };
  }
  const flow = await findLaunchTarget(sql, req.flowId);
  if (!flow) throw new LaunchError('not-found', 'This flow no longer exists.');
  if (v.kind === 'active') {
    if (!flow.active || !flow.activeVersionId) throw new LaunchError('inactive', 'This flow is not active: activate it, or start a test run of the draft.');
    return { ...base, versionId: flow.activeVersionId, isTest: false };
  }
  const draft = flow.draft as FlowInput;
  if (v.kind === 'draft') {
    const check = prepareFlow(draft);
    if (!check.ok) throw new LaunchError('invalid', `Fix the ${check.issues.length} problem(s) shown in the editor first.`);
    return { ...base, versionId: (await snapshotDraft(sql, req.flowId))!, isTest: true };
  }
  const plan =
    v.kind === 'upTo'
      ? { doc: upTo(draft, v.stepId), payload: req.payload }
      : await stepAlonePlan(sql, draft, v.stepId, v.fromRunId).catch((e) => {
          throw e instanceof StepAloneError ? new LaunchError('invalid', e.message) : e;
        });
  if (!plan.doc.steps.some((s) => s.id === v.stepId)) throw new LaunchError('invalid', 'That step is not in the saved draft yet; wait for the save.');
  const check = prepareFlow(plan.doc);
  if (!check.ok) throw new LaunchError('invalid', `Fix the problem(s) before this step first: ${check.issues.map((i) => i.message).slice(0, 3).join('; ')}`);
  return { ...base, payload: plan.payload, versionId: await snapshotDefinition(sql, req.flowId, plan.doc), isTest: true, checkInput: v.kind === 'upTo' };
}
