import 'server-only';
import { claimRunLease, freeDeadWorkersRuns, freeOrphanedLeases, handBackLease, requeueStrandedRuns, runLease, runningAttempts } from '@/db/queries/run-leases';
import { toIso } from '@/lib/time';
import type { RunState, Signal, TriggerPayload } from '@/lib/engine/types';
import { startRun } from './start-run';
import { log } from '@/lib/log/logger';
import { executorPorts, type EngineRuntime } from './engine-types';
import { RunExecutor } from './executor';
import { getPreparedVersion } from './flow-cache';
import { triggerStepOf } from './trigger-step';
import type { StepRowWrite, WakeSignal } from './types';

/**
 * Continues a run on this worker: after a crash (its worker's lease was freed), a wake-up
 * (retry, timer, review deadline) or a review decision. The claim succeeds only when no live
 * worker holds the run; a live holder delivers its own wake-ups in-process.
 */
export async function resumeRun(rt: EngineRuntime, runId: string, wake?: WakeSignal | Signal, tries = 3): Promise<'resumed' | 'delivered' | 'held-elsewhere' | 'held-here' | 'finished'> {
  const local = rt.live.get(runId);
  if (local && !local.finished) {
    if (wake?.type === 'childDone') local.childDone(wake.stepId);
    else if (wake && 'at' in wake) local.deliver(wake);
    return 'delivered';
  }
  rt.claiming.add(runId);
  try {
    return await claimAndResume(rt, runId, wake, tries);
  } finally {
    rt.claiming.delete(runId);
  }
}

async function claimAndResume(rt: EngineRuntime, runId: string, wake: WakeSignal | Signal | undefined, tries: number): ReturnType<typeof resumeRun> {
  const run = await claimRunLease(rt.sql, runId, rt.workerId);
  if (!run) {
    const cur = await runLease(rt.sql, runId);
    if (!cur || !['running', 'waiting', 'queued'].includes(cur.status)) return 'finished';
    // Released between our claim and this look (an executor here had just parked): claim again.
    if (cur.lease_owner === null && tries > 1) return claimAndResume(rt, runId, wake, tries - 1);
    // Our own lease with no live executor: one here has just parked and is handing the lease back.
    return cur.lease_owner === rt.workerId || cur.lease_owner === null ? 'held-here' : 'held-elsewhere';
  }
  const prepared = await getPreparedVersion(rt.sql, run.version_id);
  const parent = run.parent_run_id ? { runId: run.parent_run_id, stepId: run.parent_step_id!, attempt: run.parent_attempt!, index: run.item_index! } : undefined;
  if (!run.state) {
    // Admitted (or dequeued) but its first commit never happened: nothing ran; start it now.
    const triggerStepId = triggerStepOf(prepared, run.trigger);
    const again = startRun(rt, { prepared, flowId: run.flow_id, versionId: run.version_id, isTest: run.is_test, triggerStepId, payload: run.trigger as TriggerPayload, runId, parent, depth: run.depth });
    await again.settled;
    return 'resumed';
  }
  const open = await runningAttempts(rt.sql, runId);
  const openRows: StepRowWrite[] = open.map((r) => ({ ...r, error: r.error as StepRowWrite['error'], started_at: toIso(r.started_at), finished_at: null }));
  const interrupted = openRows.filter((r) => prepared.steps.get(r.step_id)?.def.effect === 'external');
  const exec = new RunExecutor({
    ...executorPorts(rt),
    prepared,
    meta: { runId, flowId: run.flow_id, versionId: run.version_id, isTest: run.is_test, triggerKind: run.trigger_kind, trigger: run.trigger, startedAt: toIso(run.started_at), depth: run.depth, parent },
  });
  rt.live.set(runId, exec);
  if (interrupted.length) log.warn('resuming a run after its worker stopped', { runId, interrupted: interrupted.map((r) => `${r.step_id}#${r.attempt}`) });
  try {
    const end = await exec.resume(run.state as RunState, openRows, wake);
    // A wake-up that changed nothing commits nothing: hand the lease back explicitly.
    if (end.status === 'waiting') await handBackLease(rt.sql, runId, rt.workerId);
  } finally {
    // Only our own entry: a newer executor of the run may have taken the slot meanwhile.
    if (rt.live.get(runId) === exec) rt.live.delete(runId);
  }
  return 'resumed';
}

/**
 * Finds workers whose heartbeat stopped, frees the runs they leased (one resume job each) and
 * unlocks their queue jobs at once (graphile-worker alone would wait 4 hours). Safe to run in
 * every worker at once: the delete decides who handles each dead worker.
 */
export async function sweepDeadWorkers(rt: EngineRuntime, staleAfterMs: number): Promise<number> {
  const n = await freeDeadWorkersRuns(rt.sql, rt.workerId, staleAfterMs);
  if (n) log.warn('recovered runs from a stopped worker', { runs: n });
  return n;
}

/**
 * Frees the runs leased to this live worker that no executor here drives any more (one whose
 * commit failed, e.g. while PostgreSQL restarted), with a resume job each. The dead-worker sweep
 * never sees them, since this worker's heartbeat goes on: without this they would wait for ever.
 * Claims younger than `youngClaimMs` are left alone (their executor may not be live yet); workers
 * pass their stale time (at most 10 s), so such a run ends within the bound the sweep keeps.
 */
export async function releaseOrphanedLeases(rt: EngineRuntime, youngClaimMs = 10_000): Promise<number> {
  const held = [...rt.live.keys(), ...rt.claiming];
  const freed = await freeOrphanedLeases(rt.sql, rt.workerId, held, youngClaimMs);
  if (freed) log.warn('resuming runs whose executor here stopped', { runs: freed });
  return freed;
}

/**
 * Wakes the runs nobody holds and nothing will wake (see requeueStrandedRuns): the sweeps above
 * only look at leased runs, so a run whose lease was let go after its wake-up was spent on a
 * holder waited for ever (chaos matrix, finding 14).
 */
export async function wakeStrandedRuns(rt: EngineRuntime, youngClaimMs = 10_000): Promise<number> {
  const n = await requeueStrandedRuns(rt.sql, youngClaimMs);
  if (n) log.warn('resuming runs that nothing would wake', { runs: n });
  return n;
}
