import { afterEach, describe, expect, it } from 'vitest';
import { parseAllowList } from '@/lib/net/allow-list';
import { scriptedAnthropic } from '@/lib/testing/scripted-anthropic';
import { scriptedProvider, TEST_KEY } from '@/lib/testing/scripted-model-port';
import { reply, scriptedOpenAI, type ScriptedServer } from '@/lib/testing/scripted-openai';
import { fetchModelList, testConnection } from './admin-checks';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const deps = (s: ScriptedServer, allowed = true) => ({
  secret: async () => ({ kind: 'api_key' as const, key: TEST_KEY, placement: 'header' as const, name: 'x-api-key' }),
  price: async () => null,
  allow: parseAllowList(allowed ? `127.0.0.1:${s.port}` : ''),
});

describe('testConnection', () => {
  it('makes one tiny call and reports the answer, latency and tokens', async () => {
    server = await scriptedOpenAI([{ kind: 'text', chunks: ['pong'], usage: { input: 14, output: 1 } }]);
    const r = await testConnection(scriptedProvider(server, 'openai_compatible'), deps(server));
    expect(r).toMatchObject({ ok: true, model: 'm1', answer: 'pong', inputTokens: 14, outputTokens: 1, costUsd: null });
    expect((server.requests[0]!.body as { max_tokens?: number }).max_tokens).toBe(16);
  });

  it("gives the provider's error in words", async () => {
    server = await scriptedOpenAI([reply.error(404, 'model "m1" not found, try pulling it first')]);
    expect(await testConnection(scriptedProvider(server, 'openai_compatible'), deps(server))).toEqual({ ok: false, error: 'scripted answered HTTP 404: model "m1" not found, try pulling it first' });
  });

  it('says which allow-list entry to add when the guard refuses the address', async () => {
    server = await scriptedOpenAI([reply.text('never')]);
    const r = await testConnection(scriptedProvider(server, 'openai_compatible'), deps(server, false));
    expect(r).toMatchObject({ ok: false, hint: `Add 127.0.0.1:${server.port} to BATON_ALLOWED_HOSTS (in the server's environment) to let Baton call this address, then restart.` });
    expect(server.connections).toBe(0);
  });

  it('asks for a model when the provider lists none', async () => {
    server = await scriptedOpenAI([]);
    expect(await testConnection(scriptedProvider(server, 'openai_compatible', { models: [], defaultModel: null }), deps(server))).toMatchObject({ ok: false, error: expect.stringContaining('lists no model') });
  });
});

describe('fetchModelList', () => {
  it("reads an OpenAI-compatible server's GET /models", async () => {
    server = await scriptedOpenAI([], { models: ['b-model', 'a-model'] });
    expect(await fetchModelList(scriptedProvider(server, 'openai_compatible'), deps(server))).toEqual({ ok: true, models: ['a-model', 'b-model'] });
    expect(server.requests[0]!.path).toBe('/v1/models');
  });

  it("reads Anthropic's model list with its key header and API version", async () => {
    server = await scriptedAnthropic([], { models: ['claude-x'] });
    expect(await fetchModelList(scriptedProvider(server, 'anthropic'), deps(server))).toEqual({ ok: true, models: ['claude-x'] });
    expect(server.requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
    expect(server.requests[0]!.headers['anthropic-version']).toBe('2023-06-01');
  });
});
