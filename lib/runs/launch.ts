import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Sql } from '@/db/client';
import { claimScheduledRun } from '@/db/queries/schedule-fires';
import { findLaunchTarget } from '@/db/queries/flow-runtime';
import { snapshotDefinition, snapshotDraft } from '@/db/queries/flow-snapshots';
import type { ResponseSpec, TriggerPayload } from '@/lib/engine/types';
import { log, errorFields } from '@/lib/log/logger';
import { isDatabaseUnavailable } from '@/lib/server/db-availability';
import { prepareFlow } from '@/lib/workflow/prepare';
import { upTo } from '@/lib/workflow/subflow';
import type { FlowInput } from '@/lib/workflow/types';
import type { EngineRuntime, StartedRun } from './engine-types';
import { QUEUED_END } from './admission';
import { getPreparedVersion } from './flow-cache';
import { resumeRun } from './resume';
import { rerunPayload, RerunError, type RerunSource } from './rerun';
import { schemaErrors } from './schema-check';
import { stepAlonePlan, StepAloneError } from './step-alone';

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
 * What to start. `payload.kind` says where the run came from (api, manual, webhook, schedule,
 * error, flow). `flowId` and `payload` are the re-run's own for `rerunFrom` (read from the earlier run).
 */
export type LaunchRequest = {
  flowId: string;
  version: LaunchVersion;
  payload: TriggerPayload;
  /** The trigger step the run starts from; default: the one the payload names, else the version's first. */
  triggerStepId?: string;
  /** Told after the commit that made a Respond step durable (a sync webhook answers from it). */
  onRespond?: (r: ResponseSpec) => void;
  /**
   * When the launch resolves: once the run's first commit is durable (default), or as soon as it
   * is admitted, for a caller that waits on the run's commits itself (a webhook, with its timeout).
   */
  until?: 'committed' | 'admitted';
  /**
   * A schedule's fire: the run row and its start job are written by the statement that claims the
   * fire, so a fire starts one run however many workers tick, and a worker that dies right after
   * the claim leaves a run that any worker starts. Such a run starts from its queue job (here at
   * once when it can); a fire another worker claimed first is refused with `taken`.
   */
  fire?: { stepId: string; at: string };
  /** The person starting it (or the API token's owner); null for webhooks and schedules. Self-approval reads it. */
  startedBy?: string | null;
};

/** Why a launch was refused, in words for the person who asked; `code` maps to an HTTP status. */
export class LaunchError extends Error {
  constructor(
    readonly code: 'no-worker' | 'not-found' | 'inactive' | 'invalid' | 'input' | 'taken',
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export const LAUNCH_HTTP_STATUS: Record<LaunchError['code'], number> = { 'no-worker': 503, 'not-found': 404, inactive: 409, invalid: 422, input: 400, taken: 409 };

/**
 * The one way a run starts from outside the engine (editor actions, the API, webhooks, schedules,
 * error flows; MCP calls, goal runs, evaluations and the inbox later): choose the version,
 * prepare it, check the input against the trigger's contract, then start it under the flow's
 * concurrency admission. Refusals are LaunchErrors; the route layer maps their codes to statuses.
 */
export async function launch(rt: EngineRuntime | undefined, req: LaunchRequest): Promise<StartedRun> {
  if (!rt) throw new LaunchError('no-worker', 'This server runs no worker, so it cannot start runs.');
  const chosen = await chooseVersion(rt.sql, req);
  // The database being away is not the flow's fault: that error goes up as it is.
  const prepared = await getPreparedVersion(rt.sql, chosen.versionId).catch((e: unknown) => {
    if (isDatabaseUnavailable(e)) throw e;
    return null;
  });
  if (!prepared) throw new LaunchError('invalid', 'The flow has validation errors: fix them in the editor first.');
  if (chosen.checkInput) {
    const wrong = schemaErrors(prepared.steps.get(prepared.graph.triggers[0]!)?.contract.output, chosen.payload.body ?? {});
    if (wrong.length) throw new LaunchError('input', "The input does not match the trigger's schema.", Object.fromEntries(wrong.map((e) => [e.path || '_', [e.message]])));
  }
  if (req.fire) return launchFire(rt, { ...chosen, limited: prepared.flow.settings.concurrency !== undefined, fire: req.fire });
  const run = await rt.startVersion({ flowId: chosen.flowId, versionId: chosen.versionId, isTest: chosen.isTest, payload: chosen.payload, triggerStepId: req.triggerStepId, onRespond: req.onRespond, startedBy: req.startedBy ?? null });
  if (req.until !== 'admitted') await run.firstCommit;
  return run;
}

async function launchFire(rt: EngineRuntime, a: Chosen & { limited: boolean; fire: { stepId: string; at: string } }): Promise<StartedRun> {
  const runId = randomUUID();
  // A flow with a concurrency limit gets its run queued; start_queued admits it under the limit.
  const claimed = await claimScheduledRun(rt.sql, { runId, flowId: a.flowId, versionId: a.versionId, stepId: a.fire.stepId, fireAt: a.fire.at, payload: a.payload, queued: a.limited });
  if (!claimed) throw new LaunchError('taken', 'Another worker has already started the run of this schedule fire.');
  // Start it here at once; the queued job is the durable copy (whoever claims the lease runs it).
  if (!a.limited) void resumeRun(rt, runId).catch((err) => log.warn('scheduled run did not start here; the queue will start it', { runId, ...errorFields(err) }));
  return { runId, firstCommit: Promise.resolve(), settled: Promise.resolve(QUEUED_END) };
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
