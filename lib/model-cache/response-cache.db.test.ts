import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import type { ModelRequest, ModelResult } from '@/lib/steps/runtime';
import { applyRetention } from '@/lib/runs/retention';
import { cacheKey, withResponseCache } from './response-cache';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const req: ModelRequest = { model: 'gpt-test', messages: [{ role: 'user', content: 'Classify: refund please' }], temperature: 0, maxTokens: 50 };
const answer = (text: string): ModelResult => ({ text, usage: { provider: 'p', model: 'gpt-test', inputTokens: 12, outputTokens: 3, costUsd: 0.0001 } });

describe('the model response cache', () => {
  it('answers a repeated deterministic call from the cache, at no cost, until the entry expires', async () => {
    let calls = 0;
    let now = new Date('2026-12-02T10:00:00Z');
    const run = () => withResponseCache(t.sql, { provider: 'p', req, setting: { ttlSeconds: 60 }, now: () => now }, async () => answer(`answer ${++calls}`));
    const first = await run();
    expect(first).toMatchObject({ hit: false, result: { text: 'answer 1', usage: { costUsd: 0.0001 } } });
    const second = await run();
    expect(second).toMatchObject({ hit: true, result: { text: 'answer 1', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHit: true } } });
    expect(calls).toBe(1);
    now = new Date('2026-12-02T10:01:01Z');
    expect(await run()).toMatchObject({ hit: false, result: { text: 'answer 2' } });
  });

  it('never caches a call above temperature 0, or without the setting', async () => {
    let calls = 0;
    const now = () => new Date('2026-12-02T10:00:00Z');
    const call = async () => answer(`warm ${++calls}`);
    const warm = { ...req, temperature: 0.7 };
    await withResponseCache(t.sql, { provider: 'p', req: warm, setting: { ttlSeconds: 60 }, now }, call);
    await withResponseCache(t.sql, { provider: 'p', req: warm, setting: { ttlSeconds: 60 }, now }, call);
    await withResponseCache(t.sql, { provider: 'p', req: { ...req, messages: [{ role: 'user', content: 'no setting' }] }, setting: undefined, now }, call);
    await withResponseCache(t.sql, { provider: 'p', req: { ...req, messages: [{ role: 'user', content: 'no setting' }] }, setting: undefined, now }, call);
    expect(calls).toBe(4);
  });

  it('keys on everything that shapes the answer', () => {
    const k = cacheKey('p', req);
    expect(cacheKey('p', { ...req })).toBe(k);
    expect(cacheKey('q', req)).not.toBe(k);
    expect(cacheKey('p', { ...req, model: 'other' })).not.toBe(k);
    expect(cacheKey('p', { ...req, maxTokens: 51 })).not.toBe(k);
    expect(cacheKey('p', { ...req, schema: { type: 'object' } })).not.toBe(k);
    expect(cacheKey('p', { ...req, messages: [{ role: 'system', content: 'Classify: refund please' }] })).not.toBe(k);
    // Property order in a schema does not matter; its content does.
    expect(cacheKey('p', { ...req, schema: { type: 'object', required: ['a'] } })).toBe(cacheKey('p', { ...req, schema: { required: ['a'], type: 'object' } }));
  });

  it('retention drops expired answers', async () => {
    await withResponseCache(
      t.sql,
      { provider: 'p', req: { ...req, model: 'retained' }, setting: { ttlSeconds: 1 }, now: () => new Date('2026-01-01T00:00:00Z') },
      async () => answer('x'),
    );
    const count = async () =>
      Number((await t.sql<{ n: string }[]>`select count(*)::text as n from model_response_cache where expires_at < '2026-06-01'`)[0]!.n);
    expect(await count()).toBe(1);
    await applyRetention(t.sql, new Date('2026-12-02T00:00:00Z'));
    expect(await count()).toBe(0);
  });
});
