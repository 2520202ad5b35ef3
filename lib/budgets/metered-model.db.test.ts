import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { runUsedUsd } from '@/db/queries/budgets';
import { BudgetExceededError } from '@/lib/steps/errors';
import type { ModelPort, ModelRequest } from '@/lib/steps/runtime';
import { inputTokenBound, meteredModel, worstCaseTokens, type ModelQuote } from './metered-model';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const quote = async (): Promise<ModelQuote> => ({ provider: 'scripted', model: 'm', price: { inputPerM: 0, outputPerM: 100 }, maxOutputTokens: 1_000 });
const req: ModelRequest = { messages: [{ role: 'user', content: 'hi' }], temperature: 0, maxTokens: 100 };
const now = () => new Date('2026-12-02T10:00:00Z');

/** A provider stand-in that costs $0.004 a call and counts what it was sent. */
function provider(fail = false) {
  const sent: ModelRequest[] = [];
  const port: ModelPort = {
    generate: async (r) => {
      sent.push(r);
      if (fail) throw new Error('provider down');
      return { text: 'ok', usage: { inputTokens: 1, outputTokens: 40, costUsd: 0.004 } };
    },
  };
  return { port, sent };
}

describe("an attempt's metered model port", () => {
  it("holds each call's worst case, settles to its cost, and refuses the call that would pass the run cap unsent", async () => {
    const runId = randomUUID();
    const p = provider();
    // Worst case per call: 100 output tokens at $100/M = $0.01; each settles to $0.004, so under a $0.02 cap the fourth call no longer fits.
    const model = meteredModel(p.port, { sql: t.sql, quote, runId, key: `${runId}:llm`, runCapUsd: 0.02, now });
    await model.generate(req, { signal: new AbortController().signal });
    await model.generate(req, { signal: new AbortController().signal });
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.008, 8);
    await model.generate(req, { signal: new AbortController().signal });
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.012, 8);
    await expect(model.generate(req, { signal: new AbortController().signal })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(p.sent).toHaveLength(3);
  });

  it("gives a failed call's hold back", async () => {
    const runId = randomUUID();
    const model = meteredModel(provider(true).port, { sql: t.sql, quote, runId, key: `${runId}:llm`, runCapUsd: 1, now });
    await expect(model.generate(req, { signal: new AbortController().signal })).rejects.toThrow('provider down');
    expect(await runUsedUsd(t.sql, runId)).toBe(0);
  });

  it('a cache hit sends nothing and holds nothing', async () => {
    const runId = randomUUID();
    const p = provider();
    const model = meteredModel(p.port, { sql: t.sql, quote, runId, key: `${runId}:llm`, runCapUsd: 1, cache: { ttlSeconds: 600 }, now });
    const cachedReq = { ...req, messages: [{ role: 'user' as const, content: `cache me ${runId}` }] };
    await model.generate(cachedReq, { signal: new AbortController().signal });
    const hit = await model.generate(cachedReq, { signal: new AbortController().signal });
    expect(p.sent).toHaveLength(1);
    expect(hit.usage).toMatchObject({ costUsd: 0, cacheHit: true });
    expect(await runUsedUsd(t.sql, runId)).toBeCloseTo(0.004, 8);
  });

  it('holds both calls of a structured request (answer and repair), so a cap that covers only one refuses it unsent', async () => {
    const runId = randomUUID();
    const p = provider();
    // One call's output worst case is $0.01 (100 tokens at $100/M); a schema request may make two.
    const model = meteredModel(p.port, { sql: t.sql, quote, runId, key: `${runId}:extract`, runCapUsd: 0.015, now });
    const schemaReq = { ...req, schema: { type: 'object' } };
    await expect(model.generate(schemaReq, { signal: new AbortController().signal })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(p.sent).toHaveLength(0);
    await model.generate(req, { signal: new AbortController().signal });
    expect(p.sent).toHaveLength(1);
    expect(worstCaseTokens(schemaReq, 100)).toEqual({ inputTokens: 2 * inputTokenBound(schemaReq) + 100 + 2_048, maxOutputTokens: 200 });
  });

  it("bounds input tokens by the prompt's bytes", () => {
    expect(inputTokenBound({ messages: [{ role: 'user', content: 'héllo' }] })).toBeGreaterThanOrEqual(Buffer.byteLength('héllo'));
  });
});
