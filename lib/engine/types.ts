/** The kernel's vocabulary: state (serialisable), signals in, commands and run events out. */
import type { StepUsage } from './events';

export type { StepUsage };
import type { RunEvent } from './events';
import type { ReviewDecision } from './review-decision';

export type StepError = { kind: string; message: string; retryAfterMs?: number; details?: unknown };

export type NodeStatus = 'pending' | 'running' | 'retrying' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export type NodeState = {
  status: NodeStatus;
  /** Attempt within the current configuration (primary or alternative), from 1. */
  attempt: number;
  /** Attempts across all configurations: the step_runs attempt number. */
  total: number;
  /** 0 = primary config; n = alternatives[n-1]. */
  alt: number;
  input?: unknown;
  output?: unknown;
  port?: string;
  error?: StepError;
  retryAt?: string;
  /**
   * When a waiting step wakes by itself: a timer step's end, a review's deadline. Kept in the
   * committed state (like `retryAt`) so any worker that takes the run can re-arm its wake-ups:
   * none may live only in the memory of the process that scheduled it.
   */
  wakeAt?: string;
  /** A review's tier (1, then 2 once escalated past the first deadline). */
  reviewTier?: number;
  bypassed?: boolean;
  /** Test runs only: the output is the editor's pinned sample, the step did not run. */
  pinned?: boolean;
  /** Re-run from a step: this output was taken from the original run, the step did not run. */
  reused?: boolean;
  /**
   * A gated call (a tool under `needs approval`) of configuration `alt`: the exact input shown to
   * the reviewer, and whether it was approved. Committed with the state, so a run resumed after a
   * crash calls with the approved input and never asks again.
   */
  approval?: { alt: number; input: unknown; approved: boolean };
};

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export type RunState = {
  runId: string;
  startedAt: string;
  status: RunStatus;
  trigger: { stepId: string; payload: TriggerPayload };
  nodes: Record<string, NodeState>;
  /** Edge index → decided: fired (with its payload kept in `inbox`) or dead. */
  edges: Record<number, 'fired' | 'dead'>;
  /** Inputs that arrived at merge steps, keyed by branch label. */
  inbox: Record<string, Record<string, unknown>>;
  responded: boolean;
  output?: unknown;
  error?: StepError & { stepId?: string };
};

export type TriggerPayload = {
  body: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  kind: string;
  /** A re-run from a step: outputs reused from the original run, by step id. */
  reuse?: Record<string, { output: unknown; port?: string }>;
};

export type Signal =
  | { type: 'start'; at: string; runId: string; triggerStepId: string; payload: TriggerPayload }
  | { type: 'stepSucceeded'; at: string; stepId: string; output: unknown; port?: string; response?: ResponseSpec; pinned?: boolean; reused?: boolean; usage?: StepUsage; confidence?: number }
  /** `output`: what the step returned when that output broke its own contract (an escalation proposes it for editing). */
  | { type: 'stepFailed'; at: string; stepId: string; error: StepError; output?: unknown }
  | { type: 'retryDue'; at: string; stepId: string }
  | { type: 'reviewResolved'; at: string; stepId: string; decision: ReviewDecision; by?: ReviewActor }
  | { type: 'reviewTimedOut'; at: string; stepId: string }
  | { type: 'cancel'; at: string; reason?: string }
  | { type: 'timeout'; at: string; limitMs: number };

export type { ReviewDecision };

/** Who decided a review and on which kind of task: carried into the ReviewResolved event. */
export type ReviewActor = { actor: string | null; kind: string };

/** What the driver writes as the review task (lib/inbox reads it). */
export type ReviewRequest = {
  stepId: string;
  kind: 'escalation' | 'review-step' | 'tool-approval';
  reason: string;
  proposed: unknown;
  deadline: string;
  onTimeout: string;
  timeoutBranch?: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  assignee?: { role?: string; userId?: string };
  approvals: number;
  /** 2: the first tier's deadline passed and the open task moves on to the second tier. */
  tier: number;
};

export type Command =
  | { type: 'runStep'; stepId: string; attempt: number; total: number; alt: number; input: unknown }
  | { type: 'scheduleRetry'; stepId: string; at: string }
  | { type: 'cancelStep'; stepId: string }
  | ({ type: 'requestReview' } & ReviewRequest)
  | { type: 'respond'; stepId: string; status: number; headers: Record<string, string>; body: unknown }
  | { type: 'completeRun'; output: unknown }
  | { type: 'failRun'; error: StepError & { stepId?: string } }
  | { type: 'cancelRun' };

/** The run log's events: schema, encoder and decoder in events.ts (one contract for log, SSE and canvas). */
export type { RunEvent };

/** What a Respond step asks the driver to send to a waiting webhook caller. */
export type ResponseSpec = { status: number; headers: Record<string, string>; body: unknown };

export type Advance = { state: RunState; commands: Command[]; events: RunEvent[] };
