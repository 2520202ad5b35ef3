import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, NonRetriableError, RetryAfterError, SsrfBlockedError, StepFailure, StepTimeoutError } from '@/lib/steps/errors';
import { reply, scriptedOpenAI, type ScriptedServer } from '@/lib/testing/scripted-openai';
import { scriptedModelPort, TEST_KEY } from '@/lib/testing/scripted-model-port';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = (content = 'Say hello') => ({ messages: [{ role: 'user' as const, content }] });
const open = () => ({ signal: new AbortController().signal });
const schema = { type: 'object', properties: { label: { type: 'string', enum: ['refund', 'other'] } }, required: ['label'], additionalProperties: false };
const bodyOf = (i: number) => server!.requests.filter((r) => r.method === 'POST')[i]!.body as Record<string, unknown>;

describe('ModelPort through @ai-sdk/openai (chat completions) against a scripted server', () => {
  it('streams the deltas in order and sends the key as a bearer token', async () => {
    server = await scriptedOpenAI([reply.text('Hel', 'lo', ' world')]);
    const deltas: string[] = [];
    const res = await scriptedModelPort(server, 'openai').generate(ask(), { ...open(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['Hel', 'lo', ' world']);
    expect(res.text).toBe('Hello world');
    expect(bodyOf(0)).toMatchObject({ model: 'm1', stream: true, messages: [{ role: 'user', content: 'Say hello' }] });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('hands the first delta on while the provider still holds the rest (not buffered by the guard)', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['first', ' second'], hold }]);
    const deltas: string[] = [];
    let sawFirst!: () => void;
    const first = new Promise<void>((r) => (sawFirst = r));
    const done = scriptedModelPort(server, 'openai').generate(ask(), { ...open(), onDelta: (d) => (deltas.push(d), sawFirst()) });
    await first;
    expect(deltas).toEqual(['first']);
    release();
    expect((await done).text).toBe('first second');
  });

  it('reports input, output and cached tokens with the cost from the price table', async () => {
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['ok'], usage: { input: 1000, output: 500, cached: 200 } }]);
    const res = await scriptedModelPort(server, 'openai', { price: { inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25 } }).generate(ask(), open());
    expect(res.usage).toMatchObject({ provider: 'scripted', model: 'm1', inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200 });
    // 800 uncached × 2.5 + 200 cached × 1.25 + 500 × 10, per million.
    expect(res.usage.costUsd).toBeCloseTo(0.00725, 12);
    expect(res.usage.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves the cost unknown (null, not 0) when the model has no price', async () => {
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['ok'], usage: { input: 1000, output: 500 } }]);
    const res = await scriptedModelPort(server, 'openai', { price: null }).generate(ask(), open());
    expect(res.usage.inputTokens).toBe(1000);
    expect(res.usage.costUsd).toBeNull();
  });

  it('derives a confidence from the token log-probabilities OpenAI returns', async () => {
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['refund'], logprobs: [-0.1] }, { kind: 'text', chunks: ['a', 'b'], logprobs: [-0.1, -2.3] }]);
    const port = scriptedModelPort(server, 'openai');
    expect((await port.generate(ask(), open())).confidence).toBeCloseTo(Math.exp(-0.1), 6);
    expect((await port.generate(ask(), open())).confidence).toBeCloseTo(Math.exp(-1.2), 6);
    expect(bodyOf(0).logprobs).toBe(true);
  });

  it('returns structured output that matches the schema, sending the schema as the response format', async () => {
    server = await scriptedOpenAI([reply.json({ label: 'refund' })]);
    const res = await scriptedModelPort(server, 'openai').generate({ ...ask('Classify: I want my money back'), schema }, open());
    expect(res.object).toEqual({ label: 'refund' });
    expect(bodyOf(0).response_format).toMatchObject({ type: 'json_schema', json_schema: { schema } });
    expect(server.requests).toHaveLength(1);
  });

  it('repairs malformed structured output once, showing the model its answer and the validation errors', async () => {
    server = await scriptedOpenAI([
      { kind: 'text', chunks: ['{"label": "maybe"}'], usage: { input: 100, output: 5 } },
      { kind: 'text', chunks: ['{"label": "other"}'], usage: { input: 150, output: 5 } },
    ]);
    const res = await scriptedModelPort(server, 'openai', { price: { inputPerMillion: 1, outputPerMillion: 1, cachedInputPerMillion: null } }).generate({ ...ask(), schema }, open());
    expect(res.object).toEqual({ label: 'other' });
    const repair = bodyOf(1).messages as { role: string; content: string }[];
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: '{"label": "maybe"}' });
    expect(repair.at(-1)!.content).toContain('/label must be equal to one of the allowed values');
    // Both calls are paid for.
    expect(res.usage).toMatchObject({ inputTokens: 250, outputTokens: 10, costUsd: 0.00026 });
  });

  it('fails with a ContractError when the repaired answer still does not match', async () => {
    server = await scriptedOpenAI([reply.text('not json at all'), reply.json({ label: 42 })]);
    const err = await scriptedModelPort(server, 'openai').generate({ ...ask(), schema }, open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as Error).message).toContain('/label must be string');
    expect(server.requests).toHaveLength(2);
  });

  it('turns 429 with retry-after into a RetryAfterError with that delay, without retrying itself', async () => {
    server = await scriptedOpenAI([reply.rateLimited(7), reply.text('too late')]);
    const err = await scriptedModelPort(server, 'openai').generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect((err as RetryAfterError).retryAfterMs).toBe(7000);
    expect((err as Error).message).toContain('Rate limit reached');
    expect(server.requests).toHaveLength(1);
  });

  it('makes a 500 a retriable failure (the step policy retries, not the SDK)', async () => {
    server = await scriptedOpenAI([reply.error(500, 'The server had an error'), reply.text('too late')]);
    const err = await scriptedModelPort(server, 'openai').generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as StepFailure).kind).toBe('Error');
    expect(server.requests).toHaveLength(1);
  });

  it('makes a 401 non-retriable with the provider message in words, never the key', async () => {
    server = await scriptedOpenAI([reply.error(401, 'Incorrect API key provided: sk-te***9c2e.')]);
    const err = await scriptedModelPort(server, 'openai').generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toBe('scripted answered HTTP 401: Incorrect API key provided: sk-te***9c2e.');
    expect((err as Error).message).not.toContain(TEST_KEY);
  });

  it('ends a hung request when the step signal aborts', async () => {
    server = await scriptedOpenAI([reply.hang()]);
    const ac = new AbortController();
    const call = scriptedModelPort(server, 'openai').generate(ask(), { signal: ac.signal }).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort(new Error('step timed out'));
    expect(await call).toEqual(new Error('step timed out'));
    await server.waitForAbandoned(1);
  });

  it('times a hung provider out by itself when the step set no timeout, ending the request', async () => {
    server = await scriptedOpenAI([reply.hang()]);
    const err = await scriptedModelPort(server, 'openai', { deps: { callTimeoutMs: 150 } }).generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepTimeoutError);
    expect((err as Error).message).toBe('No complete answer from the model within 150 ms');
    await server.waitForAbandoned(1);
  });

  it('makes a malformed provider answer retriable', async () => {
    server = await scriptedOpenAI([reply.malformed()]);
    const err = await scriptedModelPort(server, 'openai').generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect(err).not.toBeInstanceOf(NonRetriableError);
  });

  it('refuses a provider at a loopback address unless it is on the allow-list, saying what to add', async () => {
    server = await scriptedOpenAI([reply.text('never')]);
    const err = await scriptedModelPort(server, 'openai', { allowed: false }).generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SsrfBlockedError);
    expect((err as Error).message).toContain(`127.0.0.1:${server.port} in BATON_ALLOWED_HOSTS`);
    expect(server.connections).toBe(0);
  });

  it('makes a connection refused retriable', async () => {
    server = await scriptedOpenAI([]);
    const port = scriptedModelPort(server, 'openai');
    await server.close();
    server = undefined;
    const err = await port.generate(ask(), open()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailure);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED|failed/);
  });
});
