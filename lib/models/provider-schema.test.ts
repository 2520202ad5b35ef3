import { describe, expect, it } from 'vitest';
import { pricesInputSchema, providerInputSchema } from './provider-schema';

const id = '00000000-0000-4000-8000-000000000001';
const provider = { name: 'Local', kind: 'openai_compatible', baseUrl: 'http://127.0.0.1:11434/v1/', credentialId: '', models: ['llama3', 'llama3'], defaultModel: 'llama3', enabled: true } as const;

describe('providerInputSchema', () => {
  it('normalises the base URL, an empty credential and duplicate models', () => {
    expect(providerInputSchema.parse(provider)).toEqual({ ...provider, baseUrl: 'http://127.0.0.1:11434/v1', credentialId: null, models: ['llama3'] });
  });
  it('asks an OpenAI-compatible provider for its base URL, and a default among the listed models', () => {
    const r = providerInputSchema.safeParse({ ...provider, baseUrl: '', defaultModel: 'mistral' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['baseUrl', 'defaultModel']);
  });
});

describe('pricesInputSchema', () => {
  it('reads decimal strings and an empty cached price as unknown (billed as input)', () => {
    expect(pricesInputSchema.parse({ providerId: id, prices: [{ model: 'm', inputPerMillion: '0.15', outputPerMillion: '0.6', cachedInputPerMillion: '' }] }).prices).toEqual([
      { model: 'm', inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: null },
    ]);
  });
  it('refuses an empty input price instead of taking it as 0, and a model priced twice', () => {
    const empty = pricesInputSchema.safeParse({ providerId: id, prices: [{ model: 'm', inputPerMillion: '', outputPerMillion: 'x', cachedInputPerMillion: null }] });
    expect(empty.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['prices.0.inputPerMillion', 'Enter a price (a number).'],
      ['prices.0.outputPerMillion', 'Enter a price (a number).'],
    ]);
    const twice = pricesInputSchema.safeParse({ providerId: id, prices: [0, 1].map(() => ({ model: 'm', inputPerMillion: 1, outputPerMillion: 1, cachedInputPerMillion: null })) });
    expect(twice.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['prices.1.model', 'm is priced twice.']]);
  });
});
