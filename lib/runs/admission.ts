import 'server-only';
import { randomUUID } from 'node:crypto';
import type { TriggerPayload } from '@/lib/engine/types';
import type { EngineRuntime, StartedRun } from './engine-types';
import { getPreparedVersion } from './flow-cache';
import { triggerStepOf } from './trigger-step';
import { startRun } from './start-run';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import type { ExecutorEnd, ParentLink } from './types';
import { admitRun, dequeueRuns } from '@/db/queries/run-admission';

/**
 * Admission for flows with a concurrency limit: under a per-flow advisory lock, the run row is
 * written as running (a slot is free) or queued. Queued runs start, oldest first, when a run of
 * the flow finishes (start_queued job). Flows without a limit never come here: no extra query.
 */
export async function admit(rt: EngineRuntime, args: { flowId: string; versionId: string; limit: number; payload: TriggerPayload; startedBy?: string | null }): Promise<{ runId: string; queued: boolean }> {
  const runId = randomUUID();
  const { queued } = await admitRun(rt.sql, { runId, ...args, workerId: rt.workerId });
  return { runId, queued };
}

/** Starts the run admitted above (its row exists; the executor's first commit updates it). */
export async function startAdmitted(rt: EngineRuntime, runId: string, args: { flowId: string; versionId: string; payload: TriggerPayload; onRespond?: Parameters<typeof startRun>[1]['onRespond'] }): Promise<StartedRun> {
  const prepared = await getPreparedVersion(rt.sql, args.versionId);
  return startRun(rt, { prepared, flowId: args.flowId, versionId: args.versionId, isTest: false, triggerStepId: triggerStepOf(prepared, args.payload), payload: args.payload, onRespond: args.onRespond, runId });
}

/** Moves the oldest queued runs into free slots and starts them here. */
export async function startQueued(rt: EngineRuntime, flowId: string): Promise<string[]> {
  const picked = await dequeueRuns(rt.sql, flowId, rt.workerId);
  for (const r of picked) await (await startAdmitted(rt, r.id, { flowId, versionId: r.version_id, payload: r.trigger as TriggerPayload })).firstCommit;
  return picked.map((r) => r.id);
}

/** How a run that waits in the queue (not started here) settles for the one who launched it. */
export const QUEUED_END = { status: 'queued' as never, output: null } as ExecutorEnd;

/**
 * Starts a run of a version from its trigger, honouring the flow's concurrency limit for
 * production runs (test runs and sub-flow runs are not limited). A queued run resolves at once.
 */
export async function launchRun(
  rt: EngineRuntime,
  args: { prepared: PreparedFlow; flowId: string; versionId: string; isTest: boolean; triggerStepId: string; payload: TriggerPayload; onRespond?: Parameters<typeof startRun>[1]['onRespond']; parent?: ParentLink; depth?: number; startedBy?: string | null },
): Promise<StartedRun> {
  const limit = args.prepared.flow.settings.concurrency;
  if (!limit || args.isTest || args.parent) return startRun(rt, args);
  const { runId, queued } = await admit(rt, { flowId: args.flowId, versionId: args.versionId, limit, payload: args.payload, startedBy: args.startedBy });
  if (queued) return { runId, firstCommit: Promise.resolve(), settled: Promise.resolve(QUEUED_END) };
  return startRun(rt, { ...args, runId });
}
