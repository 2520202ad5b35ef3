import type { StepUsage } from '@/lib/engine/types';

export type { StepUsage };

/** The sum of several calls' usage (an agent's turns); unknown cost stays unknown. */
export function addUsage(a: StepUsage | undefined, b: StepUsage): StepUsage {
  if (!a) return b;
  return {
    ...(a.provider === b.provider ? { provider: a.provider } : {}),
    ...(a.model === b.model ? { model: a.model } : {}),
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0),
    ...(a.latencyMs === undefined && b.latencyMs === undefined ? {} : { latencyMs: (a.latencyMs ?? 0) + (b.latencyMs ?? 0) }),
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}
