import 'server-only';
import { toIso } from '@/lib/time';
import type { RunState, Signal, TriggerPayload } from '@/lib/engine/types';
import { startRun } from './start-run';
import { log } from '@/lib/log/logger';
import { executorPorts, type EngineRuntime } from './engine-types';
import { RunExecutor } from './executor';
import { getPreparedVersion } from './flow-cache';
import { triggerStepOf } from './trigger-step';
import type { StepRowWrite, WakeSignal } from './types';

type RunRow = { id: string; flow_id: string; version_id: string; is_test: boolean; trigger_kind: string; trigger: unknown; state: RunState | null; started_at: Date | string; parent_run_id: string | null; parent_step_id: string | null; parent_attempt: number | null; item_index: number | null; depth: number };


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
  const [run] = await rt.sql<RunRow[]>`
    update runs set lease_owner = ${rt.workerId}, lease_expires_at = now()
    where id = ${runId} and status in ('running', 'waiting')
      and (lease_owner is null or not exists (select 1 from workers w where w.id = runs.lease_owner))
    returning id, flow_id, version_id, is_test, trigger_kind, trigger, state, started_at, parent_run_id, parent_step_id, parent_attempt, item_index, depth`;
  if (!run) {
    const [cur] = await rt.sql<{ status: string; lease_owner: string | null }[]>`select status, lease_owner from runs where id = ${runId}`;
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
  const open = await rt.sql<(Omit<StepRowWrite, 'started_at' | 'finished_at'> & { started_at: Date | string })[]>`
    select step_id, iteration_path, attempt, status, input, output, error, started_at from step_runs
    where run_id = ${runId} and status = 'running'`;
  const openRows: StepRowWrite[] = open.map((r) => ({ ...r, started_at: toIso(r.started_at), finished_at: null }));
  const interrupted = openRows.filter((r) => prepared.steps.get(r.step_id)?.def.effect === 'external');
  const exec = new RunExecutor({
    ...executorPorts(rt),
    prepared,
    meta: { runId, flowId: run.flow_id, versionId: run.version_id, isTest: run.is_test, triggerKind: run.trigger_kind, trigger: run.trigger, startedAt: toIso(run.started_at), depth: run.depth, parent },
  });
  rt.live.set(runId, exec);
  if (interrupted.length) log.warn('resuming a run after its worker stopped', { runId, interrupted: interrupted.map((r) => `${r.step_id}#${r.attempt}`) });
  try {
    const end = await exec.resume(run.state, openRows, wake);
    // A wake-up that changed nothing commits nothing: hand the lease back explicitly.
    if (end.status === 'waiting') await rt.sql`update runs set lease_owner = null where id = ${runId} and lease_owner = ${rt.workerId}`;
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
  const rows = await rt.sql<{ runs: number }[]>`
    with stale as (
      delete from workers where heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000}) and id <> ${rt.workerId}
      returning id, queue_worker_ids
    ), freed as (
      update runs set lease_owner = null where lease_owner in (select id from stale) and status in ('running', 'waiting') returning id
    ), jobs as (
      select graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'resume:' || id::text) from freed
    ), unlocked as (
      select graphile_worker.force_unlock_workers(array(select unnest(queue_worker_ids) from stale)) where exists (select 1 from stale)
    )
    select (select count(*) from jobs)::int as runs, (select count(*) from unlocked)::int as u`;
  const n = rows[0]?.runs ?? 0;
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
  const rows = await rt.sql<{ id: string }[]>`
    with orphan as (
      update runs set lease_owner = null
      where lease_owner = ${rt.workerId} and status in ('running', 'waiting') and not (id = any(${held}::uuid[]))
        and (lease_expires_at is null or lease_expires_at < now() - make_interval(secs => ${youngClaimMs / 1000}))
      returning id
    )
    select id, graphile_worker.add_job('resume_run', json_build_object('runId', id::text), job_key := 'resume:' || id::text) from orphan`;
  if (rows.length) log.warn('resuming runs whose executor here stopped', { runs: rows.length });
  return rows.length;
}
