import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, NonRetriableError, RetryAfterError, StepFailure } from '@/lib/steps/errors';
import { reply, scriptedAnthropic } from '@/lib/testing/scripted-anthropic';
import { scriptedOpenAI, type ScriptedServer } from '@/lib/testing/scripted-openai';
import { scriptedModelPort, TEST_KEY } from '@/lib/testing/scripted-model-port';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hi' }] };
const open = () => ({ signal: new AbortController().signal });
const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
const bodyOf = (i: number) => server!.requests[i]!.body as Record<string, unknown>;

describe('ModelPort through @ai-sdk/anthropic against a scripted messages server', () => {
  it('streams deltas in order, sends the key as x-api-key and the system prompt apart', async () => {
    server = await scriptedAnthropic([{ kind: 'text', chunks: ['Hel', 'lo'], usage: { input: 40, output: 2, cached: 10 } }]);
    const deltas: string[] = [];
    const res = await scriptedModelPort(server, 'anthropic', {
      secret: { kind: 'api_key', key: TEST_KEY, placement: 'header', name: 'x-api-key' },
      price: { inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3 },
    }).generate(ask, { ...open(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['Hel', 'lo']);
    expect(res.text).toBe('Hello');
    expect(server.requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
    expect(bodyOf(0)).toMatchObject({ model: 'm1', stream: true, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user' }] });
    // Anthropic counts cache reads apart; the SDK adds them to the input total.
    expect(res.usage).toMatchObject({ inputTokens: 50, outputTokens: 2, cachedInputTokens: 10 });
    expect(res.usage.costUsd).toBeCloseTo((40 * 3 + 10 * 0.3 + 2 * 15) / 1e6, 12);
    expect(res.confidence).toBeUndefined();
  });

  it('asks for native structured output and repairs a wrong answer once', async () => {
    server = await scriptedAnthropic([reply.json({ n: 'three' }), reply.json({ n: 3 })]);
    const res = await scriptedModelPort(server, 'anthropic').generate({ ...ask, schema }, open());
    expect(res.object).toEqual({ n: 3 });
    expect(bodyOf(0).output_config).toMatchObject({ format: { type: 'json_schema' } });
    expect(JSON.stringify(bodyOf(1).messages)).toContain('/n must be integer');
  });

  it('fails with a ContractError after one unsuccessful repair', async () => {
    server = await scriptedAnthropic([reply.text('{"n":'), reply.text('still no')]);
    await expect(scriptedModelPort(server, 'anthropic').generate({ ...ask, schema }, open())).rejects.toBeInstanceOf(ContractError);
  });

  it('maps 429 retry-after, 529 overloaded and 401 like the other providers', async () => {
    server = await scriptedAnthropic([reply.rateLimited(3), reply.error(529, 'Overloaded'), reply.error(401, 'invalid x-api-key')]);
    const port = scriptedModelPort(server, 'anthropic');
    const limited = await port.generate(ask, open()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as RetryAfterError).retryAfterMs).toBe(3000);
    const overloaded = await port.generate(ask, open()).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(StepFailure);
    expect(overloaded).not.toBeInstanceOf(NonRetriableError);
    const denied = await port.generate(ask, open()).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(NonRetriableError);
    expect((denied as Error).message).toBe('scripted answered HTTP 401: invalid x-api-key');
  });
});

describe('ModelPort through @ai-sdk/openai-compatible (Ollama, vLLM, LM Studio)', () => {
  it('streams with usage, sends no Authorization without a credential, and reports no confidence', async () => {
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['a', 'b'], usage: { input: 7, output: 2 }, logprobs: [-0.5, -0.5] }]);
    const deltas: string[] = [];
    const res = await scriptedModelPort(server, 'openai_compatible', { secret: null }).generate(ask, { ...open(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['a', 'b']);
    expect(res.usage).toMatchObject({ inputTokens: 7, outputTokens: 2, costUsd: null });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(res.confidence).toBeUndefined();
  });

  it('puts a custom-header API key (e.g. api-key) where the credential says', async () => {
    server = await scriptedOpenAI([reply.text('ok')]);
    await scriptedModelPort(server, 'openai_compatible', { secret: { kind: 'api_key', key: TEST_KEY, placement: 'header', name: 'api-key' } }).generate(ask, open());
    expect(server.requests[0]!.headers['api-key']).toBe(TEST_KEY);
  });
});
