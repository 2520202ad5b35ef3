import type { Scope } from '@/lib/expr/compile';
import { toStepError } from '@/lib/steps/errors';
import type { StepOutcome } from '@/lib/steps/runtime';
import type { PreparedStep } from '@/lib/workflow/prepare';
import type { RunState, Signal } from './types';

/**
 * How one attempt of a step is prepared and, for a pure step, computed: shared by the driver
 * (lib/runs/executor.ts) and the engine's test harness, so both evaluate configs and turn
 * results into signals the same way.
 */

/** The scope a step's config is evaluated in: its input, earlier steps' outputs, the trigger, the run. */
export function stepScope(state: RunState, input: unknown, steps: Record<string, { output: unknown }>): Scope {
  return { input, steps, trigger: state.trigger.payload, run: { id: state.runId, startedAt: state.startedAt }, now: state.startedAt };
}

/** The config an attempt runs with (the primary's, or alternative `alt`'s), or the failure when evaluating it throws. */
export function attemptConfig(p: PreparedStep, alt: number, scope: Scope, at: string): { config: unknown } | { failed: Signal } {
  try {
    return { config: (alt === 0 ? p.compiled : p.alternatives[alt - 1]!).evaluate(scope) };
  } catch (err) {
    return { failed: { type: 'stepFailed', at, stepId: p.step.id, error: toStepError(err) } };
  }
}

/** Computes a pure step: its outcome through `success`, or the failure when the runner (or the check in `success`) throws. */
export function pureAttempt(run: () => StepOutcome, stepId: string, at: string, success: (out: StepOutcome) => Signal): Signal {
  try {
    return success(run());
  } catch (err) {
    return { type: 'stepFailed', at, stepId, error: toStepError(err) };
  }
}
