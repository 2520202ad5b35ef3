import 'server-only';
import type { Sql } from '@/db/client';
import { WAKE_CHANNEL } from '@/db/channels';
import { STEP_RUNNERS } from '@/lib/steps/runners';
import type { StepRunner } from '@/lib/steps/runtime';
import { pgRunStore } from './pg-store';
import { createObserverHub, observedStore, type Observer, type ObserverHub } from './observers';
import { OBSERVERS } from './observer-registry';
import type { RunExecutor } from './executor';
import { systemClock, type ChildPort, type Clock, type ExecutorDeps, type ParentLink, type RunStore } from './types';
import type { TriggerPayload } from '@/lib/engine/types';
import { getPreparedVersion } from './flow-cache';
import type { StartedRun } from './start-run';
import { launchRun } from './admission';
import { cancelRun } from './control';
import { registerEngine } from './runtime-handle';
import { enqueueRun } from './enqueue-run';
import { allowListFromEnv, type AllowList } from '@/lib/net/allow-list';
import { dropProgress, NO_MODELS, NO_TOOLS, type ProgressSink, type StepPortDeps } from './step-context';
import type { ModelPort, ToolsPort } from '@/lib/steps/runtime';

/** What a process needs to execute runs: set up once by the worker runtime. */
export type EngineRuntime = {
  workerId: string;
  sql: Sql;
  store: RunStore;
  clock: Clock;
  runners: Record<string, StepRunner>;
  allowList: AllowList;
  /** The process-wide half of every effectful step's ports (built once here, plain data). */
  stepPorts: StepPortDeps;
  maxOutputBytes: number;
  /** A run executing here longer than this hands itself back to the queue at its next safe point. */
  sliceMs: number;
  /** Runs executing in this process, for in-process delivery of decisions and cancels. */
  live: Map<string, RunExecutor>;
  /** Runs this process is claiming right now (leased, executor not yet live): not orphans. */
  claiming: Set<string>;
  /**
   * Starts a run of a pinned version from its first trigger. Next's bundled server actions call
   * this through the process-wide handle, so runs always execute in the worker's module graph.
   */
  startVersion: (args: { flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload; triggerStepId?: string; parent?: ParentLink; depth?: number; startedBy?: string | null }) => Promise<StartedRun>;
  children: ChildPort;
  /**
   * While a run here waits on child runs, this process listens for their completion (NOTIFY
   * WAKE_CHANNEL), so a child finishing on another worker wakes the parent at once. Returns the
   * release. Listening only then keeps NOTIFY-free commits from waking a listener on the hot path.
   */
  holdChildWake: () => () => void;
  /** Commit observers (rollups): told of each commit by the store, off the run's critical path. */
  observers: ObserverHub;
};

export const DEFAULT_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SLICE_MS = 30_000;

export function createEngineRuntime(opts: { workerId: string; sql: Sql; clock?: Clock; observers?: Record<string, Observer>; tools?: ToolsPort; model?: ModelPort; progress?: ProgressSink }): EngineRuntime {
  const observers = createObserverHub(opts.sql, opts.observers ?? OBSERVERS);
  const allowList = allowListFromEnv();
  const rt: EngineRuntime = {
    workerId: opts.workerId,
    sql: opts.sql,
    store: observedStore(pgRunStore(opts.sql), observers),
    observers,
    clock: opts.clock ?? systemClock,
    runners: STEP_RUNNERS,
    allowList,
    stepPorts: { sql: opts.sql, allowList, tools: opts.tools ?? NO_TOOLS, model: opts.model ?? NO_MODELS, progress: opts.progress ?? dropProgress },
    maxOutputBytes: Number(process.env.BATON_MAX_OUTPUT_BYTES ?? DEFAULT_MAX_OUTPUT_BYTES),
    sliceMs: Number(process.env.BATON_SLICE_MS ?? DEFAULT_SLICE_MS),
    live: new Map(),
    claiming: new Set(),
    holdChildWake: () => () => {},
    startVersion: async (args) => {
      const prepared = await getPreparedVersion(rt.sql, args.versionId);
      const triggerStepId = args.triggerStepId ?? prepared.graph.triggers[0]!;
      return launchRun(rt, { prepared, ...args, triggerStepId });
    },
    children: {
      list: (p) => rt.sql<{ id: string; index: number; status: string; output: unknown; error: { message?: string } | null }[]>`
        select id, item_index as index, status, output, error from runs
        where parent_run_id = ${p.runId} and parent_step_id = ${p.stepId} and parent_attempt = ${p.attempt}`.then((r) => [...r]),
      resolveVersion: async (flowId, number) => {
        const [row] = number
          ? await rt.sql<{ id: string }[]>`select id from flow_versions where flow_id = ${flowId} and number = ${number}`
          : await rt.sql<{ id: string }[]>`select active_version_id as id from flows where id = ${flowId} and active_version_id is not null`;
        return row?.id ?? null;
      },
      start: async (a) => {
        if (a.share) {
          await enqueueRun(rt.sql, { flowId: a.flowId, versionId: a.versionId, isTest: a.isTest, payload: { kind: 'flow', body: a.input }, parent: a.parent, depth: a.depth });
          return;
        }
        const run = await rt.startVersion({ flowId: a.flowId, versionId: a.versionId, isTest: a.isTest, payload: { kind: 'flow', body: a.input }, parent: a.parent, depth: a.depth });
        await run.firstCommit;
      },
      cancel: async (ids) => {
        if (!ids.length) return;
        await Promise.all(ids.map((id) => cancelRun(rt.sql, id, 'The parent step failed').catch(() => undefined)));
      },
    },
  };
  rt.holdChildWake = childWakeListener(rt);
  registerEngine(rt);
  return rt;
}

/** The parts of an executor's dependencies that come from the process, the same for every run. */
export function executorPorts(rt: EngineRuntime): Omit<ExecutorDeps, 'prepared' | 'meta' | 'onRespond'> {
  return {
    store: rt.store, runners: rt.runners, clock: rt.clock, workerId: rt.workerId, stepPorts: rt.stepPorts,
    maxOutputBytes: rt.maxOutputBytes, sliceMs: rt.sliceMs, children: rt.children, holdChildWake: rt.holdChildWake,
  };
}

function childWakeListener(rt: Pick<EngineRuntime, 'sql' | 'live'>): EngineRuntime['holdChildWake'] {
  let holders = 0;
  let listening: Promise<{ unlisten: () => Promise<void> } | null> | null = null;
  return () => {
    if (holders++ === 0) {
      listening = rt.sql
        .listen(WAKE_CHANNEL, (payload) => {
          const [runId, stepId] = payload.split(':');
          const exec = runId ? rt.live.get(runId) : undefined;
          if (exec && !exec.finished && stepId) exec.childDone(stepId);
        })
        .catch(() => null); // the queued wake-up job still delivers
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holders === 0) {
        const l = listening;
        listening = null;
        void l?.then((x) => x?.unlisten()).catch(() => {});
      }
    };
  };
}

