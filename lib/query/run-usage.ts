/**
 * Tokens and cost as the run view and the runs list show them. Isomorphic and pure: the server
 * sums step_runs rows, the browser reads StepSucceeded events. An unknown price (cost null on an
 * attempt that used tokens) keeps every total that includes it unknown: never shown as $0.
 */

/** One attempt's usage as a StepSucceeded event carries it. */
export type AttemptUsage = { inputTokens: number; outputTokens: number; cachedInputTokens?: number; costUsd: number | null; cacheHit?: boolean; model?: string };
/** A step_runs row's usage columns (tokens null: the attempt called no model). */
export type UsageColumns = { tokens: number | null; costUsd: number | null };
/** A total over attempts: `costUsd` null when any attempt's price was unknown. */
export type UsageTotal = { tokens: number; costUsd: number | null; calls: number };

/** The total over the attempts that called a model; undefined when none did. */
export function totalUsage(rows: readonly UsageColumns[]): UsageTotal | undefined {
  const used = rows.filter((r) => r.tokens !== null);
  if (!used.length) return undefined;
  return {
    tokens: used.reduce((n, r) => n + (r.tokens ?? 0), 0),
    costUsd: used.some((r) => r.costUsd === null) ? null : used.reduce((n, r) => n + (r.costUsd ?? 0), 0),
    calls: used.length,
  };
}

/** US dollars with enough digits for a fraction of a cent; null is "unknown", never "$0". */
export function formatCost(costUsd: number | null): string {
  if (costUsd === null || !Number.isFinite(costUsd)) return 'unknown';
  if (costUsd === 0) return '$0';
  if (costUsd >= 0.01) return `$${costUsd.toFixed(2)}`;
  return `$${costUsd.toFixed(6).replace(/0+$/, '')}`;
}

export function formatTokens(n: number): string {
  return `${n.toLocaleString('en-US')} token${n === 1 ? '' : 's'}`;
}

/** "1,200 tokens · $0.0012" (or "· cost unknown"): the run header, the runs list and node badges. */
export function formatTotal(t: UsageTotal): string {
  return `${formatTokens(t.tokens)} · ${t.costUsd === null ? 'cost unknown' : formatCost(t.costUsd)}`;
}

/** One attempt in the step drawer: "12 input + 3 output tokens · $0.000018", a cache hit says so. */
export function formatAttemptUsage(u: AttemptUsage): string {
  const cached = u.cachedInputTokens ? ` (${u.cachedInputTokens} cached)` : '';
  const cost = u.cacheHit ? 'cache hit, no cost' : `cost ${formatCost(u.costUsd)}`;
  return `${u.inputTokens} input${cached} + ${u.outputTokens} output tokens · ${cost}${u.model ? ` · ${u.model}` : ''}`;
}

type EventLike = { type?: unknown; stepId?: unknown; data?: unknown };

/** Usage per `${stepId}:${attempt}`, from stored StepSucceeded events (the only ones that carry it). */
export function usageByAttempt(events: readonly unknown[]): Map<string, AttemptUsage> {
  const out = new Map<string, AttemptUsage>();
  for (const raw of events) {
    const e = raw as EventLike;
    if (e?.type !== 'StepSucceeded' || !e.data || typeof e.data !== 'object') continue;
    const d = e.data as { stepId?: unknown; attempt?: unknown; usage?: unknown };
    const u = d.usage as Partial<AttemptUsage> | undefined;
    if (!u || typeof u.inputTokens !== 'number' || typeof u.outputTokens !== 'number') continue;
    const stepId = typeof d.stepId === 'string' ? d.stepId : typeof e.stepId === 'string' ? e.stepId : undefined;
    if (!stepId || typeof d.attempt !== 'number') continue;
    out.set(`${stepId}:${d.attempt}`, {
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      ...(typeof u.cachedInputTokens === 'number' ? { cachedInputTokens: u.cachedInputTokens } : {}),
      costUsd: typeof u.costUsd === 'number' ? u.costUsd : null,
      ...(u.cacheHit ? { cacheHit: true } : {}),
      ...(typeof u.model === 'string' ? { model: u.model } : {}),
    });
  }
  return out;
}

/** Each step's total over its attempts (the canvas badge). */
export function totalsByStep(attempts: readonly (UsageColumns & { stepId: string })[]): Map<string, UsageTotal> {
  const by = new Map<string, UsageColumns[]>();
  for (const a of attempts) by.set(a.stepId, [...(by.get(a.stepId) ?? []), a]);
  const out = new Map<string, UsageTotal>();
  for (const [id, rows] of by) {
    const t = totalUsage(rows);
    if (t) out.set(id, t);
  }
  return out;
}
