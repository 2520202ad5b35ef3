import type { ResponseSpec, ReviewRequest, RunState, RunStatus, Signal, StepError } from '@/lib/engine/types';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import type { StepRunner } from '@/lib/steps/runtime';
import type { StepPortDeps } from './step-context';

/** Identity of a run that does not change while it executes. */
export type ParentLink = { runId: string; stepId: string; attempt: number; index: number };
export type RunMeta = { runId: string; flowId: string; versionId: string; isTest: boolean; triggerKind: string; trigger: unknown; startedAt: string; parent?: ParentLink; depth?: number; startedBy?: string | null };

export type StepRowWrite = {
  step_id: string;
  iteration_path: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: StepError | null;
  started_at: string;
  finished_at: string | null;
  /** Tokens (input + output) and cost of the attempt's model calls, when it reported usage. */
  tokens?: number | null;
  cost_usd?: number | null;
};

export type EventRowWrite = { type: string; step_id: string | null; data: unknown; at: string };

/** A signal delivered later by the queue (retry backoff, timer, review deadline). */
export type Wakeup = { at: string; signal: WakeSignal };
export type WakeSignal = { type: 'retryDue'; stepId: string } | { type: 'timerDue'; stepId: string } | { type: 'reviewDeadline'; stepId: string } | { type: 'childDone'; stepId: string } | { type: 'runTimeout'; stepId: '' } | { type: 'slice'; stepId: '' };

/** A review task to create (tier 1) or move to its second tier, in the commit. */
export type ReviewWrite = ReviewRequest;

/** Everything one commit writes, in one statement (the commit rule). */
export type CommitBatch = {
  first: boolean;
  meta: RunMeta;
  status: RunStatus;
  /** Kernel state to resume from; null once the run has finished. */
  state: RunState | null;
  output: unknown;
  error: unknown;
  leaseOwner: string | null;
  finishedAt: string | null;
  steps: StepRowWrite[];
  events: EventRowWrite[];
  wakeups: Wakeup[];
  reviews: ReviewWrite[];
  /** Start this flow's published version because this production run failed (durable: same commit). */
  errorFlow?: { flowId: string; body: unknown } | null;
  /** POST this body to this URL because this production run failed (durable: a job in the same commit). */
  errorWebhook?: { url: string; body: unknown } | null;
  /** The flow has a review webhook: each new review task of this commit queues its delivery (same commit). */
  reviewWebhook?: boolean;
  /** The flow limits concurrent runs: a finished run lets the next queued one start. */
  releasesSlot?: boolean;
  /** The run has a run-timeout wake-up queued (removed when the run ends). */
  hasRunTimeout?: boolean;
};

export type ChildRow = { id: string; index: number; status: string; output: unknown; error: { message?: string } | null };

/** How a call-flow step sees and starts its child runs. */
export interface ChildPort {
  list(parent: { runId: string; stepId: string; attempt: number }): Promise<ChildRow[]>;
  /** The version to run: a fixed published number, else the flow's current published version. */
  resolveVersion(flowId: string, number?: number): Promise<string | null>;
  /** `share`: queue the child so that any worker may run it (a fan-out), instead of starting it here. */
  start(args: { flowId: string; versionId: string; isTest: boolean; input: unknown; parent: ParentLink; depth: number; share?: boolean }): Promise<void>;
  cancel(runIds: string[]): Promise<void>;
}

export interface RunStore {
  commit(batch: CommitBatch): Promise<void>;
}

export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };

export type { Signal };

/** What a RunExecutor needs: the prepared version, the run's identity, and the ports it drives. */
export type ExecutorDeps = {
  prepared: PreparedFlow;
  meta: RunMeta;
  store: RunStore;
  runners: Record<string, StepRunner>;
  clock: Clock;
  workerId: string;
  /** The process-wide half of each effectful attempt's ports (see step-context.ts). */
  stepPorts: StepPortDeps;
  maxOutputBytes: number;
  /** Time slice: see time-slice.ts. */
  sliceMs: number;
  /** Child runs of call-flow steps (absent: such steps fail). */
  children?: ChildPort;
  /** Hear children finishing elsewhere while this run waits on them; returns the release. */
  holdChildWake?: () => () => void;
  /** Called once, after the commit that made the response's run state durable. */
  onRespond?: (r: ResponseSpec) => void;
};

export type ExecutorEnd = { status: RunState['status']; output: unknown; error?: StepError & { stepId?: string } };
