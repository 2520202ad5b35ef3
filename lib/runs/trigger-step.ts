import type { PreparedFlow } from '@/lib/workflow/prepare';

/**
 * The trigger a stored run starts from: the one its payload names (a scheduled run of a flow
 * with several triggers), else the flow's first.
 */
export function triggerStepOf(prepared: PreparedFlow, payload: unknown): string {
  const named = (payload as { triggerStepId?: unknown } | null)?.triggerStepId;
  return typeof named === 'string' && prepared.graph.triggers.includes(named) ? named : prepared.graph.triggers[0]!;
}
