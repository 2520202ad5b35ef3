import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { openDb } from '@/db/client';
import { dayUsedUsd, runUsedUsd, writeDailyCap } from '@/db/queries/budgets';
import { BudgetExceededError } from '@/lib/steps/errors';
import { holdCost, type CallEstimate } from './reserve';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const NOW = new Date('2026-12-02T10:00:00Z');
const DAY = '2026-12-02';
/** $1 per million input and $10 per million output tokens: 1,000 in + 2,000 out ≤ $0.021. */
const call: CallEstimate = { model: 'gpt-test', price: { inputPerM: 1, outputPerM: 10 }, inputTokens: 1_000, maxOutputTokens: 2_000 };

describe('hard cost budgets', () => {
  it('holds the worst case against the run cap and settles to the actual cost', async () => {
    await writeDailyCap(t.sql, null);
    const runId = randomUUID();
    const hold = await holdCost(t.sql, { key: `${runId}:a:1`, runId, runCapUsd: 0.04, now: NOW, call });
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.021, 8);
    await hold.settle(0.004);
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.004, 8);
    // A second settle (a repeat) moves nothing.
    await hold.settle(0.004);
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.004, 8);
    // Two more worst cases do not fit a $0.04 cap with $0.004 spent: the second is refused, unsent.
    await holdCost(t.sql, { key: `${runId}:b:1`, runId, runCapUsd: 0.04, now: NOW, call });
    const refused = holdCost(t.sql, { key: `${runId}:c:1`, runId, runCapUsd: 0.04, now: NOW, call });
    await expect(refused).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(refused).rejects.toThrow(
      "This run's cost cap of $0.0400 does not cover this call: $0.0250 spent or held, and gpt-test may cost up to $0.0210 here",
    );
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.025, 8);
  });

  it('a call retried after a crash keeps its one hold', async () => {
    const runId = randomUUID();
    await holdCost(t.sql, { key: `${runId}:a:1`, runId, runCapUsd: 1, now: NOW, call });
    await holdCost(t.sql, { key: `${runId}:a:1`, runId, runCapUsd: 1, now: NOW, call });
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.021, 8);
  });

  it('a released hold (the call never sent) gives everything back', async () => {
    const runId = randomUUID();
    const hold = await holdCost(t.sql, { key: `${runId}:a:1`, runId, runCapUsd: 1, now: NOW, call });
    await hold.settle(null);
    expect(await runUsedUsd(t.sql, runId)).toBe(0);
  });

  it('refuses a model without a price under a cap, and allows it without one', async () => {
    const runId = randomUUID();
    const unpriced = { ...call, price: null };
    await expect(holdCost(t.sql, { key: `${runId}:a:1`, runId, runCapUsd: 1, now: NOW, call: unpriced })).rejects.toThrow(
      'The model gpt-test has no price, and this run is under a cost cap: add its price in Admin → Models',
    );
    await writeDailyCap(t.sql, null);
    await expect(holdCost(t.sql, { key: `${runId}:b:1`, runId, runCapUsd: null, now: NOW, call: unpriced })).resolves.toBeDefined();
  });

  it('parallel runs never overspend the daily cap', async () => {
    const day2 = new Date('2026-12-03T08:00:00Z');
    await writeDailyCap(t.sql, 1);
    // 60 runs at once on their own connections, each holding $0.03: exactly 33 fit $1.
    const pool = openDb(t.url, 20);
    try {
      const each: CallEstimate = { model: 'gpt-test', price: { inputPerM: 0, outputPerM: 30 }, inputTokens: 0, maxOutputTokens: 1_000 };
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, () => {
          const runId = randomUUID();
          return holdCost(pool.sql, { key: `${runId}:s:1`, runId, runCapUsd: null, now: day2, call: each });
        }),
      );
      const held = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(held).toHaveLength(33);
      expect(refused.filter((r) => !((r as PromiseRejectedResult).reason instanceof BudgetExceededError))).toEqual([]);
      expect(await dayUsedUsd(t.sql, '2026-12-03')).toBeCloseTo(0.99, 8);
      // Settling below the worst case frees room for more calls the same day.
      await Promise.all(held.map((r) => (r as PromiseFulfilledResult<{ settle: (n: number) => Promise<void> }>).value.settle(0.01)));
      expect(await dayUsedUsd(t.sql, '2026-12-03')).toBeCloseTo(0.33, 8);
    } finally {
      await pool.sql.end({ timeout: 5 });
      await writeDailyCap(t.sql, null);
    }
    expect(await dayUsedUsd(t.sql, DAY)).toBeGreaterThan(0);
  });
});
