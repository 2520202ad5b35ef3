import { describe, expect, it } from 'vitest';
import { confidenceFromLogprobs } from './confidence';
import { costOf } from './cost';
import { retryAfterMs } from './faults';

describe('costOf', () => {
  it('is null (unknown), never 0, without a price', () => {
    expect(costOf({ inputTokens: 10, outputTokens: 10, cachedInputTokens: 0 }, null)).toBeNull();
  });
  it('bills cached input at its own price, or at the input price when it has none', () => {
    const t = { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 400_000 };
    expect(costOf(t, { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 })).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 8, 9);
    expect(costOf(t, { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: null })).toBeCloseTo(2 + 8, 9);
  });
  it('keeps a tiny call visible instead of rounding it to 0', () => {
    expect(costOf({ inputTokens: 3, outputTokens: 0, cachedInputTokens: 0 }, { inputPerMillion: 0.1, outputPerMillion: 0, cachedInputPerMillion: null })).toBeGreaterThan(0);
  });
});

describe('confidenceFromLogprobs', () => {
  it('is the geometric mean token probability', () => {
    expect(confidenceFromLogprobs([{ logprob: Math.log(0.9) }, { logprob: Math.log(0.4) }])).toBeCloseTo(0.6, 9);
  });
  it('is undefined with no log-probabilities', () => {
    expect(confidenceFromLogprobs(undefined)).toBeUndefined();
    expect(confidenceFromLogprobs([])).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date and OpenAI’s retry-after-ms', () => {
    expect(retryAfterMs({ 'Retry-After': '12' })).toBe(12_000);
    expect(retryAfterMs({ 'retry-after': new Date(61_000).toUTCString() }, 1_000)).toBe(60_000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '1' })).toBe(250);
  });
  it('is null when absent or unreadable', () => {
    expect(retryAfterMs({})).toBeNull();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
  });
});
