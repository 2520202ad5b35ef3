import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertModelProvider, replaceModelPrices, updateModelProvider } from '@/db/queries/models';
import { parseAllowList } from '@/lib/net/allow-list';
import { NonRetriableError } from '@/lib/steps/errors';
import { reply, scriptedOpenAI, type ScriptedServer } from '@/lib/testing/scripted-openai';
import { modelPortFromDb, secretsBeforeVault } from './db-port';

let t: TestDb;
let server: ScriptedServer;
beforeAll(async () => {
  t = await createTestDatabase();
  server = await scriptedOpenAI(() => ({ ...reply.text('hi'), usage: { input: 100, output: 10 } }));
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

const ask = { messages: [{ role: 'user' as const, content: 'x' }] };
const open = () => ({ signal: new AbortController().signal });

describe('modelPortFromDb', () => {
  it('answers from the enabled provider rows with the price from model_prices, and sees edits at the next call', async () => {
    const port = modelPortFromDb(t.db, { allow: parseAllowList(`127.0.0.1:${server.port}`), secret: secretsBeforeVault });
    await expect(port.generate(ask, open())).rejects.toThrow(/No model provider is configured.*Admin → Models/);

    const base = { kind: 'openai_compatible' as const, baseUrl: `${server.url}/v1`, credentialId: null, models: ['m1'], defaultModel: 'm1' };
    const off = (await insertModelProvider(t.db, { ...base, name: 'a-off', enabled: false }))!;
    const on = (await insertModelProvider(t.db, { ...base, name: 'b-on', enabled: true }))!;
    await replaceModelPrices(t.db, on.id, [{ model: 'm1', inputPerMillion: 2, outputPerMillion: 4, cachedInputPerMillion: null }]);
    const res = await port.generate(ask, open());
    expect(res.usage).toMatchObject({ provider: 'b-on', model: 'm1', inputTokens: 100, outputTokens: 10, costUsd: (100 * 2 + 10 * 4) / 1e6 });

    await updateModelProvider(t.db, on.id, { ...base, name: 'b-on', enabled: false });
    await updateModelProvider(t.db, off.id, { ...base, name: 'a-off', enabled: true });
    expect((await port.generate(ask, open())).usage).toMatchObject({ provider: 'a-off', costUsd: null });
  });

  it('fails clearly for a provider with a credential while no vault is wired', async () => {
    await expect(secretsBeforeVault({ id: 'p', name: 'OpenAI', kind: 'openai', baseUrl: null, credentialId: 'c', models: [], defaultModel: null })).rejects.toBeInstanceOf(NonRetriableError);
  });
});
