import { describe, expect, it } from 'vitest';
import { formatAttemptUsage, formatCost, formatTotal, totalUsage, totalsByStep, usageByAttempt } from './run-usage';

describe('run usage for the run view and the runs list', () => {
  it('sums the attempts that called a model and ignores the others', () => {
    expect(totalUsage([{ tokens: 10, costUsd: 0.001 }, { tokens: null, costUsd: null }, { tokens: 5, costUsd: 0.0005 }])).toEqual({ tokens: 15, costUsd: 0.0015, calls: 2 });
    expect(totalUsage([{ tokens: null, costUsd: null }])).toBeUndefined();
  });

  it('keeps a total unknown when one attempt had no price, never $0', () => {
    const t = totalUsage([{ tokens: 10, costUsd: 0.001 }, { tokens: 7, costUsd: null }])!;
    expect(t.costUsd).toBeNull();
    expect(formatTotal(t)).toBe('17 tokens · cost unknown');
    expect(formatCost(null)).toBe('unknown');
  });

  it('formats fractions of a cent without trailing zeros and larger sums in cents', () => {
    expect(formatCost(0.000014)).toBe('$0.000014');
    expect(formatCost(0.0015)).toBe('$0.0015');
    expect(formatCost(1.234)).toBe('$1.23');
    expect(formatCost(0)).toBe('$0');
  });

  it('reads input/output tokens, cost and cache hits per attempt from StepSucceeded rows', () => {
    const events = [
      { type: 'StepStarted', stepId: 'a', data: { attempt: 1, alt: 0 } },
      { type: 'StepSucceeded', stepId: 'a', data: { attempt: 1, usage: { inputTokens: 12, outputTokens: 3, costUsd: 0.000018, model: 'm' } } },
      { type: 'StepSucceeded', stepId: 'b', data: { attempt: 2, usage: { inputTokens: 4, outputTokens: 1, costUsd: null } } },
      { type: 'StepSucceeded', stepId: 'c', data: { attempt: 1, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHit: true } } },
      { type: 'StepSucceeded', stepId: 'd', data: { attempt: 1 } },
    ];
    const by = usageByAttempt(events);
    expect([...by.keys()]).toEqual(['a:1', 'b:2', 'c:1']);
    expect(formatAttemptUsage(by.get('a:1')!)).toBe('12 input + 3 output tokens · cost $0.000018 · m');
    expect(formatAttemptUsage(by.get('b:2')!)).toBe('4 input + 1 output tokens · cost unknown');
    expect(formatAttemptUsage(by.get('c:1')!)).toBe('0 input + 0 output tokens · cache hit, no cost');
  });

  it('totals each step over its attempts for the canvas badges', () => {
    const by = totalsByStep([
      { stepId: 'a', tokens: 10, costUsd: 0.001 },
      { stepId: 'a', tokens: 10, costUsd: 0.001 },
      { stepId: 'b', tokens: 3, costUsd: null },
      { stepId: 'c', tokens: null, costUsd: null },
    ]);
    expect(by.get('a')).toEqual({ tokens: 20, costUsd: 0.002, calls: 2 });
    expect(by.get('b')?.costUsd).toBeNull();
    expect(by.has('c')).toBe(false);
  });
});
