import 'server-only';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { run, type Runner, type WorkerEvents } from 'graphile-worker';
import type { Sql } from '@/db/client';
import { quietGraphileLogger } from '@/lib/log/graphile-logger';
import { log, errorFields } from '@/lib/log/logger';
import { beatWorker, deleteWorker, registerWorker, setQueueWorkerIds, unlockQueueWorkers } from '@/db/queries/workers';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { progressNotifier } from './progress-stream';
import type { ToolsPort } from '@/lib/steps/runtime';
import { buildTaskList, HELD_RUN_RETRY } from './tasks';
import { releaseOrphanedLeases, sweepDeadWorkers } from './resume';
import { tickSchedules, TICK_MS } from './scheduler';
import { applyRetention, RETENTION_EVERY_MS } from './retention';
import { checkDatabase, isDatabaseUnavailable, noteDatabase } from '@/lib/server/db-availability';
import { settleWithin } from '@/lib/time';
import { endWhenDatabaseAnswers } from './queue-guard';

/** Tests shorten these (BATON_HEARTBEAT_MS, BATON_WORKER_STALE_MS) to see recovery sooner. */
export const HEARTBEAT_MS = Number(process.env.BATON_HEARTBEAT_MS ?? 2_000);
export const STALE_AFTER_MS = Number(process.env.BATON_WORKER_STALE_MS ?? 8_000);
/** How long a stopping worker lets runs executing here reach their end or a wait (BATON_DRAIN_MS). */
export const DRAIN_MS = Math.min(Number(process.env.BATON_DRAIN_MS ?? 5_000), STALE_AFTER_MS / 2);
/** After the drain, the most a stop waits to remove this worker's row (the database may be gone). */
const FAREWELL_MS = 1_500;
/**
 * Beyond DRAIN_MS, what a process's stop may take in all (the worker's farewell, closing the
 * pool, stopping an embedded PostgreSQL) before its backstop exits anyway (scripts/start.ts, worker.ts).
 */
export const STOP_GRACE_MS = 4_500;

/**
 * Logs a failed background query; a connection failure instead starts a check, which logs an
 * outage once (db-availability), rather than a warning every beat while the database is away.
 */
const warnUnlessDown = (msg: string, sql: Sql) => (e: unknown) => {
  if (isDatabaseUnavailable(e)) void checkDatabase(sql);
  else log.warn(msg, errorFields(e));
};

export type WorkerRuntime = { id: string; engine: EngineRuntime; stop: () => Promise<void> };

/**
 * One worker process: a heartbeat row (so others can tell it is alive), a sweeper that recovers
 * the runs of workers whose heartbeat stopped, the engine that executes runs started here, and
 * a graphile-worker runner for queued work (wake-ups, resumes, recovery).
 */
export async function startWorkerRuntime(opts: { url: string; sql: Sql; concurrency?: number; tools?: ToolsPort }): Promise<WorkerRuntime> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { sql } = opts;
  const engine = createEngineRuntime({ workerId: id, sql, tools: opts.tools, progress: progressNotifier(sql) });
  await registerWorker(sql, { id, host: hostname(), pid: process.pid });
  const queueIds: string[] = [];
  /** Ids of queue workers of a runner that ended by itself; their locked jobs are unlocked once the database answers. */
  const orphanedQueueIds: string[] = [];
  let stopping = false;

  // After an outage every worker's heartbeat is stale at once: the first one back must not take
  // the live others for dead, so it waits one stale period (they beat meanwhile) before sweeping.
  let lastBeat = Date.now();
  let sweepFrom = 0;
  // The beat in flight, so a stop can wait for it: an upsert landing after the farewell's delete
  // would bring this worker's row back.
  let beating: Promise<unknown> = Promise.resolve();
  const beat = setInterval(() => {
    engine.observers.poke();
    // An upsert: if another worker swept this row while the database was away, it comes back.
    beating = beatWorker(sql, { id, host: hostname(), pid: process.pid, queueWorkerIds: queueIds })
      .then(async () => {
        noteDatabase(true);
        const now = Date.now();
        if (now - lastBeat > 2 * HEARTBEAT_MS) sweepFrom = now + STALE_AFTER_MS;
        lastBeat = now;
        if (orphanedQueueIds.length) {
          await unlockQueueWorkers(sql, orphanedQueueIds);
          orphanedQueueIds.length = 0;
        }
        if (now >= sweepFrom) await sweepDeadWorkers(engine, STALE_AFTER_MS);
        await releaseOrphanedLeases(engine, Math.min(10_000, STALE_AFTER_MS));
      })
      // A beat in flight when the stop closes the pool fails: that is no outage.
      .catch((e) => stopping || warnUnlessDown('heartbeat or sweep failed', sql)(e));
  }, HEARTBEAT_MS);
  beat.unref();
  // BATON_SCHEDULER_CLOCK pins the scheduler's "now" (the clock port), so tests can make several
  // processes tick the very same fire time; everything else keeps the real clock.
  const pinned = process.env.BATON_SCHEDULER_CLOCK ? new Date(process.env.BATON_SCHEDULER_CLOCK) : null;
  const ticker = process.env.BATON_SCHEDULER === 'off' ? undefined : setInterval(() => {
    const now = pinned ?? engine.clock.now();
    tickSchedules(engine, now)
      .then((fired) => log.debug('schedule tick', { at: now.toISOString(), fired: fired.length }))
      .catch(warnUnlessDown('schedule tick failed', sql));
  }, TICK_MS);
  ticker?.unref();
  const retention = setInterval(() => {
    applyRetention(sql, engine.clock.now())
      .then((n) => n && log.info('retention deleted old runs', { runs: n }))
      .catch(warnUnlessDown('retention failed', sql));
  }, RETENTION_EVERY_MS);
  retention.unref();

  // Listen before the runner starts, so the ids of the first queue workers are not missed.
  const events = new EventEmitter() as WorkerEvents;
  // graphile-worker 0.18 locks the jobs it fetches with its pool's id, not a worker's: record both,
  // or force_unlock_workers would free nothing and a dead process's jobs stay locked for 4 hours.
  const remember = (queueId: string) => {
    queueIds.push(queueId);
    void setQueueWorkerIds(sql, id, queueIds).catch(() => {});
  };
  events.on('pool:create', ({ workerPool }) => remember(workerPool.id));
  events.on('worker:create', ({ worker }) => remember(worker.workerId));
  const startRunner = () => run({
    events,
    connectionString: opts.url,
    concurrency: opts.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1_000,
    taskList: endWhenDatabaseAnswers(buildTaskList(engine), sql, () => stopping),
    logger: quietGraphileLogger((message) => message.includes(HELD_RUN_RETRY)),
  });
  let runner: Runner = await startRunner();
  // graphile-worker shuts its whole pool down when one of its workers exits unexpectedly (a fatal
  // error releasing a job, as the database goes): start a new runner, retrying until it starts.
  const supervise = (r: Runner) => {
    void r.promise.then(() => 'ended', (e: unknown) => String(e)).then(async (why) => {
      if (stopping) return;
      log.warn('the queue runner stopped by itself; starting a new one', { why });
      orphanedQueueIds.push(...queueIds.splice(0));
      for (let attempt = 0; !stopping; attempt++) {
        try {
          runner = await startRunner();
          if (stopping) void runner.stop().catch(() => {});
          else supervise(runner);
          return;
        } catch {
          await new Promise((res) => setTimeout(res, Math.min(500 * 2 ** attempt, 10_000)));
        }
      }
    });
  };
  supervise(runner);
  log.info('worker started', { workerId: id });
  engine.observers.poke(); // catch up on what was committed while no observer ran

  return {
    id,
    engine,
    // Every step is bounded: the drain by DRAIN_MS (the queue runner's stop shares it), the
    // observers' stop and the row removal by FAREWELL_MS each, so a stop ends in time even with
    // the database gone.
    stop: async () => {
      stopping = true;
      const deadline = Date.now() + DRAIN_MS;
      clearInterval(ticker);
      clearInterval(retention);
      // The queue runner stops while runs here drain, side by side: its stop (slow on a busy
      // machine) must not eat the drain time the runs were promised. The heartbeat keeps going
      // meanwhile, so nobody recovers them.
      const [runnerStop, left] = await Promise.all([settleWithin(runner.stop(), DRAIN_MS), drainLiveRuns(engine, deadline - Date.now())]);
      if (runnerStop !== 'done') log.warn('the queue runner did not stop cleanly', { outcome: runnerStop });
      clearInterval(beat);
      await settleWithin(Promise.all([engine.observers.stop(), beating]), FAREWELL_MS);
      if (left === 0 && (await settleWithin(deleteWorker(sql, id), FAREWELL_MS)) === 'done') {
        log.info('worker stopped', { workerId: id });
      } else {
        // Their leases stay with this worker's row: once its heartbeat is stale (and this process
        // gone, so nothing here can still write), any other worker, or the next start, resumes them.
        log.warn('worker stopped with runs still executing or its row left behind; another worker takes over shortly', { workerId: id, runs: left, afterMs: STALE_AFTER_MS });
      }
    },
  };
}

/** Waits (bounded) until no run executes in this process; returns how many still do. */
async function drainLiveRuns(engine: EngineRuntime, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  while (engine.live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return engine.live.size;
}
