import 'server-only';
import type { Sql, Tx } from '@/db/client';
import { advanceCursor, eventsBetween, horizonSettled, lockCursor, logHorizon } from '@/db/queries/observer-log';
import { decodeRunEvent, type RunEvent, type RunEventType } from '@/lib/engine/events';
import { log, errorFields } from '@/lib/log/logger';
import type { CommitBatch, RunStore } from './types';

/** A committed run event as an observer sees it: with its run's flow and whether it is a test run. */
export type ObservedEvent = { id: number; runId: string; flowId: string; isTest: boolean; at: string; event: RunEvent };

/**
 * Something that follows the run log after each commit and keeps only what can be rebuilt from
 * it (rollups, traces). `apply` runs in the transaction that advances the observer's cursor, so
 * each event reaches its writes exactly once, whether delivered just after its commit or caught
 * up after a crash. What must never be lost is written in the commit itself, not here.
 */
export type Observer = {
  /** The event types it reads; others pass by without being loaded. */
  types: readonly RunEventType[];
  apply(tx: Tx, events: ObservedEvent[]): Promise<void>;
};

export type ObserverHub = {
  /** The driver's hook: a batch was committed. Never blocks or fails the run. */
  committed(batch: Pick<CommitBatch, 'events'>): void;
  /** Reads the log up to now for every observer (after a restart, in tests). */
  catchUp(): Promise<void>;
  /** Schedules a catch-up soon (a heartbeat: commits of a process that died before its observers ran). */
  poke(): void;
  stop(): Promise<void>;
};

export type ObserverOptions = {
  /** How long after a commit the hub reads the log: commits in between share one read. */
  delayMs?: number;
  /** Events per observer transaction. */
  batchSize?: number;
  /** How long one catch-up waits for commits in flight below the horizon before trying again later. */
  settleMs?: number;
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delivers committed run events to observers, off the run's critical path: `committed` only marks
 * the hub dirty; a timer later reads run_events past each observer's cursor (up to a horizon below
 * which no commit can still appear) and applies them. Several processes may share one database:
 * cursors are row-locked per observer, so they take turns and never apply an event twice.
 */
export function createObserverHub(sql: Sql, observers: Record<string, Observer>, opts: ObserverOptions = {}): ObserverHub {
  const delayMs = opts.delayMs ?? Number(process.env.BATON_OBSERVER_DELAY_MS ?? 200);
  const batchSize = opts.batchSize ?? 2_000;
  const settleMs = opts.settleMs ?? 500;
  const wanted = new Set(Object.values(observers).flatMap((o) => o.types));
  // Where each cursor was last seen: others only ever advance it, so an idle round skips the transaction.
  const seen = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (running) return void (again = true);
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void pump();
    }, ms);
    timer.unref?.();
  };

  /** One round: every observer up to the horizon read now. Commits during it start another round later. */
  const pump = (): Promise<void> => {
    running = (async () => {
      try {
        const upTo = await settledHorizon(sql, settleMs);
        // A transaction still writing below the horizon (a long one elsewhere): try again later.
        if (upTo === null) again = true;
        else {
          for (const [name, o] of Object.entries(observers)) {
            if ((seen.get(name) ?? -1) >= upTo) continue;
            // One failing observer keeps its cursor (and retries later) without holding up the others.
            try {
              seen.set(name, await deliver(sql, name, o, upTo, batchSize));
            } catch (e) {
              if (!stopped) log.warn('a run observer failed; it catches up at the next commit or heartbeat', { observer: name, ...errorFields(e) });
            }
          }
        }
      } catch (e) {
        if (!stopped) log.warn('run observers could not read the run log; they catch up at the next commit or heartbeat', errorFields(e));
      } finally {
        running = null;
        if (again) {
          again = false;
          schedule(delayMs);
        }
      }
    })();
    return running;
  };

  return {
    committed(batch) {
      if (batch.events.some((e) => wanted.has(e.type as RunEventType))) schedule(delayMs);
    },
    poke: () => schedule(0),
    async catchUp() {
      await running;
      clearTimeout(timer);
      timer = undefined;
      await pump();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The horizon once every commit below it has settled (polling briefly), or null if not yet. */
async function settledHorizon(sql: Sql, settleMs: number): Promise<number | null> {
  const { upTo, writers } = await logHorizon(sql);
  const deadline = Date.now() + settleMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    if (await horizonSettled(sql, writers)) return upTo;
    if (Date.now() > deadline) return null;
    await pause(wait);
  }
}

/** Applies one observer's events up to `upTo`, a transaction per batch; returns its cursor. */
async function deliver(sql: Sql, name: string, o: Observer, upTo: number, batchSize: number): Promise<number> {
  let cursor = 0;
  for (let full = true; full;) {
    full = await sql.begin(async (tx) => {
      cursor = await lockCursor(tx, name);
      if (cursor >= upTo) return false;
      const rows = await eventsBetween(tx, cursor, upTo, o.types, batchSize);
      const events: ObservedEvent[] = [];
      for (const r of rows) {
        const d = decodeRunEvent({ id: r.id, type: r.type, stepId: r.step_id, data: r.data, at: r.at });
        if (d) events.push({ id: r.id, runId: r.run_id, flowId: r.flow_id, isTest: r.is_test, at: d.at!, event: d.event });
      }
      if (events.length) await o.apply(tx, events);
      const last = rows.length === batchSize ? rows[rows.length - 1]!.id : upTo;
      await advanceCursor(tx, name, last);
      cursor = last;
      return rows.length === batchSize;
    });
  }
  return cursor;
}

/** The run store, with the hub told of each batch once its commit resolved (not awaited by the run). */
export function observedStore(store: RunStore, hub: ObserverHub): RunStore {
  return {
    async commit(batch) {
      await store.commit(batch);
      hub.committed(batch);
    },
  };
}
