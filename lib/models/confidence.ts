/**
 * Confidence from token log-probabilities (OpenAI `logprobs`): the geometric mean of the chosen
 * tokens' probabilities, exp(mean logprob), in 0..1. One unlikely token lowers it; a long
 * confident answer stays high. Undefined when the provider returned none.
 */
export function confidenceFromLogprobs(logprobs: unknown): number | undefined {
  if (!Array.isArray(logprobs) || logprobs.length === 0) return undefined;
  let sum = 0;
  let n = 0;
  for (const t of logprobs) {
    const lp = (t as { logprob?: unknown })?.logprob;
    if (typeof lp !== 'number' || !Number.isFinite(lp)) continue;
    sum += Math.min(0, lp);
    n++;
  }
  return n ? Math.exp(sum / n) : undefined;
}
