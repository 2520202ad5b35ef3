import 'server-only';
import type { RunState } from '@/lib/engine/types';
import { compileValue } from '@/lib/expr/template';
import type { PreparedStep } from '@/lib/workflow/prepare';

/** What the flow chose to show the reviewer beside the step's own data, or why it cannot be shown. */
export type TaskContext = { value: unknown } | { error: string } | null;

/**
 * Evaluates an escalation's `show` over the run as it stood when the step paused (its committed
 * state: earlier steps' outputs, the trigger), with the same expression compiler as the engine.
 * A Human review step's `show` is its proposal already, so only escalations have this.
 */
export function taskContext(step: PreparedStep | undefined, state: unknown, input: unknown): TaskContext {
  const show = step?.policy.escalation?.show;
  if (show === undefined) return null;
  const s = state as RunState | null;
  if (!s?.nodes) return { error: 'The run has ended; its context is no longer kept.' };
  const steps: Record<string, { output: unknown }> = {};
  for (const [id, n] of Object.entries(s.nodes)) if (n.status === 'succeeded') steps[id] = { output: n.output };
  try {
    return { value: compileValue(show).evaluate({ input, steps, trigger: s.trigger.payload, run: { id: s.runId, startedAt: s.startedAt }, now: s.startedAt }) ?? null };
  } catch (e) {
    return { error: `The context to show cannot be evaluated: ${(e as Error).message}` };
  }
}
