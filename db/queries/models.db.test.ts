import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { deleteModelProvider, findModelPrice, insertModelProvider, listModelPrices, listModelProviders, replaceModelPrices, updateModelProvider, type ModelProviderInput } from './models';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const input = (name: string): ModelProviderInput => ({ name, kind: 'openai_compatible', baseUrl: 'http://127.0.0.1:11434/v1', credentialId: null, models: ['llama3', 'qwen'], defaultModel: 'llama3', enabled: true });

describe('model provider queries', () => {
  it('refuses a second provider of the same name (null on insert, 23505 on rename)', async () => {
    const a = await insertModelProvider(t.db, input('dup-a'));
    expect(a).not.toBeNull();
    expect(await insertModelProvider(t.db, input('dup-a'))).toBeNull();
    const b = (await insertModelProvider(t.db, input('dup-b')))!;
    const err = await updateModelProvider(t.db, b.id, input('dup-a')).catch((e: unknown) => e);
    const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    expect(code).toBe('23505');
  });

  it('keeps prices exact, replaces the table as a whole, and drops it with the provider', async () => {
    const p = (await insertModelProvider(t.db, input('priced')))!;
    await replaceModelPrices(t.db, p.id, [
      { model: 'llama3', inputPerMillion: 0.1, outputPerMillion: 0.3, cachedInputPerMillion: null },
      { model: 'qwen', inputPerMillion: 0.000001, outputPerMillion: 12.5, cachedInputPerMillion: 0.05 },
    ]);
    expect(await findModelPrice(t.db, p.id, 'qwen')).toEqual({ model: 'qwen', inputPerMillion: 0.000001, outputPerMillion: 12.5, cachedInputPerMillion: 0.05 });
    expect(await findModelPrice(t.db, p.id, 'unknown')).toBeNull();
    await replaceModelPrices(t.db, p.id, [{ model: 'qwen', inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: null }]);
    expect((await listModelPrices(t.db, p.id)).map((r) => r.model)).toEqual(['qwen']);
    expect(await deleteModelProvider(t.db, p.id)).toBe(true);
    expect(await listModelPrices(t.db, p.id)).toEqual([]);
    expect((await listModelProviders(t.db)).some((r) => r.id === p.id)).toBe(false);
  });
});
