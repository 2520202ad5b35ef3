import type { PreparedFlow, PreparedStep } from '@/lib/workflow/prepare';

/** The live figures a candidate is ranked by (db/queries/tool-stats.ts, all versions of a tool). */
export type ToolRank = { successRate: number; p50Ms: number };

type Candidate = { toolId: unknown; compiled: PreparedStep['compiled']; label: string | undefined; config: Record<string, unknown>; listed: number };

/** The Tool call steps whose policy says `order: auto`: the only ones reordered. */
export const autoOrderedSteps = (prepared: PreparedFlow): PreparedStep[] =>
  [...prepared.steps.values()].filter((p) => p.step.type === 'tool-call' && p.policy.order === 'auto' && p.alternatives.length > 0);

/** Every tool id an auto-ordered step can call (the primary's and its alternatives'). */
export function autoOrderToolIds(prepared: PreparedFlow): string[] {
  const ids = new Set<string>();
  for (const p of autoOrderedSteps(prepared)) for (const c of candidates(p)) if (typeof c.toolId === 'string') ids.add(c.toolId);
  return [...ids];
}

function candidates(p: PreparedStep): Candidate[] {
  const base = p.config as { toolId?: unknown; toolName?: string };
  return [
    { toolId: base.toolId, compiled: p.compiled, label: base.toolName ?? p.step.name ?? 'listed first', config: {}, listed: 0 },
    ...p.policy.alternatives.map((a, i) => ({ toolId: a.config.toolId ?? base.toolId, compiled: p.alternatives[i]!, label: a.label, config: a.config, listed: i + 1 })),
  ];
}

/**
 * The flow with each auto-ordered step's primary and alternatives sorted: the highest live success
 * rate first, ties by the lower p50 latency, then the listed order. A tool without calls in the
 * window has no figures and goes after those that have, in listed order: only evidence promotes.
 * Pure: the driver reads the figures and decides when (flow-cache.ts); the kernel just sees
 * alternatives 0..n as always.
 */
export function applyAutoOrder(prepared: PreparedFlow, rankOf: (toolId: string) => ToolRank | undefined): PreparedFlow {
  const auto = autoOrderedSteps(prepared);
  if (!auto.length) return prepared;
  const steps = new Map(prepared.steps);
  for (const p of auto) {
    const ranked = candidates(p).map((c) => ({ c, r: typeof c.toolId === 'string' ? rankOf(c.toolId) : undefined }));
    ranked.sort((a, b) => {
      if (!a.r || !b.r) return a.r ? -1 : b.r ? 1 : a.c.listed - b.c.listed;
      return b.r.successRate - a.r.successRate || a.r.p50Ms - b.r.p50Ms || a.c.listed - b.c.listed;
    });
    if (ranked.every((x, i) => x.c.listed === i)) continue;
    const [first, ...rest] = ranked.map((x) => x.c);
    steps.set(p.step.id, {
      ...p,
      compiled: first!.compiled,
      alternatives: rest.map((c) => c.compiled),
      policy: { ...p.policy, alternatives: rest.map((c) => ({ label: c.label, config: c.config })) },
    });
  }
  return { ...prepared, steps };
}
