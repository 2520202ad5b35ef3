import { describe, expect, it } from 'vitest';
import { dailyCapInputSchema, dailyCapOf } from './daily-cap-schema';

describe('the daily cost cap field', () => {
  it('takes an amount above 0, or empty for no cap', () => {
    expect(dailyCapOf(dailyCapInputSchema.parse({ capUsd: ' 5.50 ' }))).toBe(5.5);
    expect(dailyCapOf(dailyCapInputSchema.parse({ capUsd: '' }))).toBeNull();
  });

  it.each(['0', '-1', 'abc', '1e3', '2000000', '1.1234567'])('refuses %j with a message saying what to write', (capUsd) => {
    const r = dailyCapInputSchema.safeParse({ capUsd });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/Enter an amount in USD above 0|Enter at most/);
  });
});
