import type { ModelPrice } from './types';

export type TokenCounts = { inputTokens: number; outputTokens: number; cachedInputTokens: number };

/**
 * USD for one call, or null when the price is unknown (never 0: a free-looking call would slip
 * under a budget). `inputTokens` includes the cached ones (the AI SDK counts them in the total);
 * those are billed at the cached price, or at the input price when none is set (the upper bound).
 */
export function costOf(t: TokenCounts, price: ModelPrice | null): number | null {
  if (!price) return null;
  const cached = Math.min(t.cachedInputTokens, t.inputTokens);
  const usd = (t.inputTokens - cached) * price.inputPerMillion + cached * (price.cachedInputPerMillion ?? price.inputPerMillion) + t.outputTokens * price.outputPerMillion;
  // Nano-dollar rounding keeps sums of many small calls free of float noise.
  return Math.round(usd * 1000) / 1e9;
}
