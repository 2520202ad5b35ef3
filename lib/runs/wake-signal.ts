import type { RunState, Signal } from '@/lib/engine/types';
import type { WakeSignal } from './types';

/** Wake-ups that come at a time; a child finishing is announced, never scheduled; a slice only resumes. */
export type TimedWake = Exclude<WakeSignal, { type: 'childDone' } | { type: 'slice' }>;

/** The kernel signal a due wake-up (or an already-formed signal) delivers. */
export function wakeToSignal(w: TimedWake | Signal, at: string, state: RunState | null, runTimeoutMs: number | undefined): Signal {
  if (w.type === 'retryDue') return { type: 'retryDue', at, stepId: w.stepId };
  // A timer step (delay) succeeds with its input, once its time has come.
  if (w.type === 'timerDue') return { type: 'stepSucceeded', at, stepId: w.stepId, output: state?.nodes[w.stepId]?.input ?? null };
  if (w.type === 'reviewDeadline') return { type: 'reviewTimedOut', at, stepId: w.stepId };
  if (w.type === 'runTimeout') return { type: 'timeout', at, limitMs: runTimeoutMs ?? 0 };
  return w as Signal;
}
