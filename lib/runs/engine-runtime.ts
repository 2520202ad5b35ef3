import 'server-only';
import type { Sql } from '@/db/client';
import { STEP_RUNNERS } from '@/lib/steps/runners';
import type { StepRunner } from '@/lib/steps/runtime';
import { pgRunStore } from './pg-store';
import type { RunExecutor } from './executor';
import { systemClock, type Clock, type RunStore } from './types';
import type { TriggerPayload } from '@/lib/engine/types';
import { getPreparedVersion } from './flow-cache';
import { startRun, type StartedRun } from './start-run';

/** What a process needs to execute runs: set up once by the worker runtime. */
export type EngineRuntime = {
  workerId: string;
  sql: Sql;
  store: RunStore;
  clock: Clock;
  runners: Record<string, StepRunner>;
  allowedHosts: readonly string[];
  maxOutputBytes: number;
  /** Runs executing in this process, for in-process delivery of decisions and cancels. */
  live: Map<string, RunExecutor>;
  /**
   * Starts a run of a pinned version from its first trigger. Next's bundled server actions call
   * this through the process-wide handle, so runs always execute in the worker's module graph.
   */
  startVersion: (args: { flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload; triggerStepId?: string }) => Promise<StartedRun>;
};

const KEY = Symbol.for('baton.engine');
type G = typeof globalThis & { [KEY]?: EngineRuntime };

export const DEFAULT_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;

export function createEngineRuntime(opts: { workerId: string; sql: Sql; clock?: Clock }): EngineRuntime {
  const rt: EngineRuntime = {
    workerId: opts.workerId,
    sql: opts.sql,
    store: pgRunStore(opts.sql),
    clock: opts.clock ?? systemClock,
    runners: STEP_RUNNERS,
    allowedHosts: (process.env.BATON_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    maxOutputBytes: Number(process.env.BATON_MAX_OUTPUT_BYTES ?? DEFAULT_MAX_OUTPUT_BYTES),
    live: new Map(),
    startVersion: async (args) => {
      const prepared = await getPreparedVersion(rt.sql, args.versionId);
      const triggerStepId = args.triggerStepId ?? prepared.graph.triggers[0]!;
      return startRun(rt, { prepared, ...args, triggerStepId });
    },
  };
  (globalThis as G)[KEY] = rt;
  return rt;
}

/** The runtime of this process, if it hosts a worker (Next's bundled code reaches it this way). */
export const getEngineRuntime = (): EngineRuntime | undefined => (globalThis as G)[KEY];
