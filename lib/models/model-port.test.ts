import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { parseAllowList } from '@/lib/net/allow-list';
import { ContractError, NonRetriableError } from '@/lib/steps/errors';
import { createModelPort, NO_PROVIDER_MESSAGE, pickTarget } from './model-port';
import type { ProviderConfig } from './types';

const provider = (name: string, over: Partial<ProviderConfig> = {}): ProviderConfig => ({
  id: `id-${name}`,
  name,
  kind: 'openai',
  baseUrl: null,
  credentialId: null,
  models: [],
  defaultModel: null,
  ...over,
});

const streamOf = (chunks: string[], usage = { input: 12, output: chunks.length, cached: 0 }) => ({
  stream: simulateReadableStream<LanguageModelV4StreamPart>({
    chunks: [
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: 't' },
      ...chunks.map((delta) => ({ type: 'text-delta' as const, id: 't', delta })),
      { type: 'text-end', id: 't' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: usage.input, noCache: usage.input - usage.cached, cacheRead: usage.cached, cacheWrite: 0 }, outputTokens: { total: usage.output, text: usage.output, reasoning: 0 } },
      },
    ],
  }),
});

function mockPort(answers: string[][], providers = [provider('mock', { defaultModel: 'm' })]) {
  const model = new MockLanguageModelV4({ doStream: answers.map((a) => streamOf(a)) });
  const built: string[] = [];
  const port = createModelPort({
    providers: async () => providers,
    secret: async () => null,
    price: async (_id, m) => (m === 'm' ? { inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: null } : null),
    allow: parseAllowList(''),
    languageModel: (p, modelId) => (built.push(`${p.name}/${modelId}`), model),
  });
  return { port, model, built };
}

const open = () => ({ signal: new AbortController().signal });
const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };

describe('createModelPort (MockLanguageModelV4)', () => {
  it('streams deltas in order and prices the usage', async () => {
    const { port } = mockPort([['a', 'b', 'c']]);
    const deltas: string[] = [];
    const res = await port.generate({ messages: [{ role: 'user', content: 'x' }], temperature: 0, maxTokens: 50 }, { ...open(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['a', 'b', 'c']);
    expect(res).toMatchObject({ text: 'abc', usage: { provider: 'mock', model: 'm', inputTokens: 12, outputTokens: 3, cachedInputTokens: 0, costUsd: (12 + 3 * 2) / 1e6 } });
  });

  it('passes temperature, max tokens and the system prompt as instructions; the SDK does not retry', async () => {
    const { port, model } = mockPort([['ok']]);
    await port.generate({ messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'x' }], temperature: 0.2, maxTokens: 50 }, open());
    const call = model.doStreamCalls[0]!;
    expect(call.temperature).toBe(0.2);
    expect(call.maxOutputTokens).toBe(50);
    expect(call.prompt[0]).toEqual({ role: 'system', content: 'Be terse.' });
  });

  it('accepts a fenced JSON answer, repairs an invalid one once, then gives up with a ContractError', async () => {
    expect((await mockPort([['```json\n{"ok": true}\n```']]).port.generate({ messages: [{ role: 'user', content: 'x' }], schema }, open())).object).toEqual({ ok: true });

    const repaired = mockPort([['{"ok": "yes"}'], ['{"ok": true}']]);
    const res = await repaired.port.generate({ messages: [{ role: 'user', content: 'x' }], schema }, open());
    expect(res.object).toEqual({ ok: true });
    expect(res.usage.inputTokens).toBe(24);
    expect(repaired.model.doStreamCalls[0]!.responseFormat).toMatchObject({ type: 'json', schema });
    expect(JSON.stringify(repaired.model.doStreamCalls[1]!.prompt)).toContain('/ok must be boolean');

    const failed = mockPort([['nope'], ['still nope']]);
    const err = await failed.port.generate({ messages: [{ role: 'user', content: 'x' }], schema }, open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).details).toEqual({ problems: [expect.stringContaining('not valid JSON')] });
    expect(failed.model.doStreamCalls).toHaveLength(2);
  });

  it('leaves the cost unknown for a model without a price', async () => {
    const { port } = mockPort([['ok']], [provider('mock', { defaultModel: 'unpriced' })]);
    expect((await port.generate({ messages: [{ role: 'user', content: 'x' }] }, open())).usage.costUsd).toBeNull();
  });

  it('refuses a request the SDK finds invalid (no messages) as non-retriable', async () => {
    const { port } = mockPort([['ok']]);
    await expect(port.generate({ messages: [] }, open())).rejects.toBeInstanceOf(NonRetriableError);
  });
});

describe('pickTarget', () => {
  const a = provider('a', { models: ['gpt-x', 'shared'], defaultModel: 'gpt-x' });
  const b = provider('b', { models: ['claude-y', 'shared'], defaultModel: 'claude-y', kind: 'anthropic' });

  it('names what to configure when there is no provider', () => {
    expect(() => pickTarget([], {})).toThrow(new NonRetriableError(NO_PROVIDER_MESSAGE));
  });
  it('uses the first provider default with no model named', () => {
    expect(pickTarget([a, b], {})).toEqual({ provider: a, modelId: 'gpt-x' });
  });
  it('finds the provider listing the model, or takes a provider/model name', () => {
    expect(pickTarget([a, b], { model: 'claude-y' }).provider).toBe(b);
    expect(pickTarget([a, b], { model: 'b/shared' })).toEqual({ provider: b, modelId: 'shared' });
  });
  it('honours an explicit provider by id or name', () => {
    expect(pickTarget([a, b], { provider: 'id-b' })).toEqual({ provider: b, modelId: 'claude-y' });
    expect(pickTarget([a, b], { provider: 'b', model: 'anything' })).toEqual({ provider: b, modelId: 'anything' });
  });
  it('refuses an unknown model or provider with a message naming it', () => {
    expect(() => pickTarget([a, b], { model: 'nope' })).toThrow(/lists the model "nope".*Admin → Models/);
    expect(() => pickTarget([a, b], { provider: 'zzz' })).toThrow(/"zzz" is not configured/);
  });
});
