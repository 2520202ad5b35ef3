import 'server-only';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { run, type Runner, type WorkerEvents } from 'graphile-worker';
import type { Sql } from '@/db/client';
import { quietGraphileLogger } from '@/lib/log/graphile-logger';
import { log, errorFields } from '@/lib/log/logger';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { buildTaskList, HELD_RUN_RETRY } from './tasks';
import { releaseOrphanedLeases, sweepDeadWorkers } from './resume';
import { tickSchedules, TICK_MS } from './scheduler';
import { applyRetention, RETENTION_EVERY_MS } from './retention';

/** Tests shorten these (BATON_HEARTBEAT_MS, BATON_WORKER_STALE_MS) to see recovery sooner. */
export const HEARTBEAT_MS = Number(process.env.BATON_HEARTBEAT_MS ?? 2_000);
export const STALE_AFTER_MS = Number(process.env.BATON_WORKER_STALE_MS ?? 8_000);
/** How long a stopping worker lets runs executing here reach their end or a wait (BATON_DRAIN_MS). */
export const DRAIN_MS = Math.min(Number(process.env.BATON_DRAIN_MS ?? 5_000), STALE_AFTER_MS / 2);

export type WorkerRuntime = { id: string; engine: EngineRuntime; stop: () => Promise<void> };

/**
 * One worker process: a heartbeat row (so others can tell it is alive), a sweeper that recovers
 * the runs of workers whose heartbeat stopped, the engine that executes runs started here, and
 * a graphile-worker runner for queued work (wake-ups, resumes, recovery).
 */
export async function startWorkerRuntime(opts: { url: string; sql: Sql; concurrency?: number }): Promise<WorkerRuntime> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { sql } = opts;
  const engine = createEngineRuntime({ workerId: id, sql });
  await sql`insert into workers (id, host, pid) values (${id}, ${hostname()}, ${process.pid})`;
  const queueIds: string[] = [];

  const beat = setInterval(() => {
    engine.observers.poke();
    sql`update workers set heartbeat_at = now(), queue_worker_ids = ${queueIds} where id = ${id}`
      .then(() => sweepDeadWorkers(engine, STALE_AFTER_MS))
      .then(() => releaseOrphanedLeases(engine))
      .catch((e) => log.warn('heartbeat or sweep failed', errorFields(e)));
  }, HEARTBEAT_MS);
  beat.unref();
  // BATON_SCHEDULER_CLOCK pins the scheduler's "now" (the clock port), so tests can make several
  // processes tick the very same fire time; everything else keeps the real clock.
  const pinned = process.env.BATON_SCHEDULER_CLOCK ? new Date(process.env.BATON_SCHEDULER_CLOCK) : null;
  const ticker = process.env.BATON_SCHEDULER === 'off' ? undefined : setInterval(() => {
    const now = pinned ?? engine.clock.now();
    tickSchedules(engine, now)
      .then((fired) => log.debug('schedule tick', { at: now.toISOString(), fired: fired.length }))
      .catch((e) => log.warn('schedule tick failed', errorFields(e)));
  }, TICK_MS);
  ticker?.unref();
  const retention = setInterval(() => {
    applyRetention(sql, engine.clock.now())
      .then((n) => n && log.info('retention deleted old runs', { runs: n }))
      .catch((e) => log.warn('retention failed', errorFields(e)));
  }, RETENTION_EVERY_MS);
  retention.unref();

  // Listen before the runner starts, so the ids of the first queue workers are not missed.
  const events = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => {
    queueIds.push(worker.workerId);
    void sql`update workers set queue_worker_ids = ${queueIds} where id = ${id}`.catch(() => {});
  });
  const runner: Runner = await run({
    events,
    connectionString: opts.url,
    concurrency: opts.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1_000,
    taskList: buildTaskList(engine),
    logger: quietGraphileLogger((message) => message.includes(HELD_RUN_RETRY)),
  });
  log.info('worker started', { workerId: id });
  engine.observers.poke(); // catch up on what was committed while no observer ran

  return {
    id,
    engine,
    stop: async () => {
      clearInterval(ticker);
      clearInterval(retention);
      await runner.stop();
      // The heartbeat keeps going while runs here drain, so nobody recovers them meanwhile.
      const left = await drainLiveRuns(engine, DRAIN_MS);
      clearInterval(beat);
      await engine.observers.stop();
      if (left === 0) {
        await sql`delete from workers where id = ${id}`;
        log.info('worker stopped', { workerId: id });
      } else {
        // Their leases stay with this worker's row: once its heartbeat is stale (and this process
        // gone, so nothing here can still write), any other worker, or the next start, resumes them.
        log.warn('worker stopped with runs still executing; they resume on another worker shortly', { workerId: id, runs: left, afterMs: STALE_AFTER_MS });
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
