import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { readDailyCap, saveDailyCap } from '@/db/queries/budgets';
import { BudgetExceededError } from '@/lib/steps/errors';
import { holdCost } from './reserve';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("the admin's daily cap", () => {
  it('saved in a transaction, is the cap every hold then checks; clearing it lifts the cap', async () => {
    await t.db.transaction((tx) => saveDailyCap(tx, 0.01));
    expect(await readDailyCap(t.sql)).toBe(0.01);
    const call = { model: 'm', price: { inputPerM: 0, outputPerM: 100 }, inputTokens: 0, maxOutputTokens: 1_000 }; // worst case $0.10
    const hold = () => holdCost(t.sql, { key: randomUUID(), runId: randomUUID(), runCapUsd: null, now: new Date('2026-12-02T12:00:00Z'), call });
    await expect(hold()).rejects.toThrow(BudgetExceededError);
    await expect(hold()).rejects.toThrow("Today's cost cap of $0.0100");
    await t.db.transaction((tx) => saveDailyCap(tx, null));
    expect(await readDailyCap(t.sql)).toBeNull();
    await expect(hold()).resolves.toBeDefined();
  });
});
