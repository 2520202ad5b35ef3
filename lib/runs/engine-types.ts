import type { Sql } from '@/db/client';
import type { ResponseSpec, TriggerPayload } from '@/lib/engine/types';
import type { StepRunner } from '@/lib/steps/runtime';
import type { AllowList } from '@/lib/net/allow-list';
import type { ExecutorEnd, RunExecutor } from './executor';
import type { ObserverHub } from './observers';
import type { StepPortDeps } from './step-context';
import type { ChildPort, Clock, ExecutorDeps, ParentLink, RunStore } from './types';

/**
 * The shape of a process's engine, apart from the module that builds it (engine-runtime.ts): the
 * modules that start and resume runs read these ports and never import their builder, so the
 * run modules form no import circle.
 */

export type StartedRun = { runId: string; settled: Promise<ExecutorEnd>; firstCommit: Promise<void> };

/** A run of a pinned version, from a trigger (default: the one the payload names, else the first). */
export type StartVersionArgs = {
  flowId: string;
  versionId: string;
  isTest: boolean;
  payload: TriggerPayload;
  triggerStepId?: string;
  parent?: ParentLink;
  depth?: number;
  /** Told after the commit that made a Respond step durable (a sync webhook's answer). */
  onRespond?: (r: ResponseSpec) => void;
  /** Who started it (a person, or an API token's owner); null for webhooks, schedules and child runs. */
  startedBy?: string | null;
};

/** What a process needs to execute runs: set up once by the worker runtime. */
export type EngineRuntime = {
  workerId: string;
  sql: Sql;
  store: RunStore;
  clock: Clock;
  runners: Record<string, StepRunner>;
  allowList: AllowList;
  /** The process-wide half of every effectful step's ports (built once, plain data). */
  stepPorts: StepPortDeps;
  maxOutputBytes: number;
  /** A run executing here longer than this hands itself back to the queue at its next safe point. */
  sliceMs: number;
  /** Runs executing in this process, for in-process delivery of decisions and cancels. */
  live: Map<string, RunExecutor>;
  /** Runs this process is claiming right now (leased, executor not yet live): not orphans. */
  claiming: Set<string>;
  /**
   * Starts a run of a pinned version under the flow's concurrency admission. The launcher
   * (launch.ts), bundled into Next's server actions, reaches it through the process-wide handle,
   * so runs always execute in the worker's module graph.
   */
  startVersion: (args: StartVersionArgs) => Promise<StartedRun>;
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

/** The parts of an executor's dependencies that come from the process, the same for every run. */
export function executorPorts(rt: EngineRuntime): Omit<ExecutorDeps, 'prepared' | 'meta' | 'onRespond'> {
  return {
    store: rt.store,
    runners: rt.runners,
    clock: rt.clock,
    workerId: rt.workerId,
    stepPorts: rt.stepPorts,
    maxOutputBytes: rt.maxOutputBytes,
    sliceMs: rt.sliceMs,
    children: rt.children,
    holdChildWake: rt.holdChildWake,
  };
}
