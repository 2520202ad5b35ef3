import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertModelProvider, replaceModelPrices, updateModelProvider } from '@/db/queries/models';
import { parseAllowList } from '@/lib/net/allow-list';
import { insertUser } from '@/db/queries/users';
import { withAudit } from '@/lib/audit/with-audit';
import { reply, scriptedOpenAI, type ScriptedServer } from '@/lib/testing/scripted-openai';
import { createCredential } from '@/lib/vault/vault';
import { listGrantableSubjects } from '@/lib/vault/subjects';
import { modelPortFromDb } from './db-port';
import { credentialChoices, grantProviderCredential, providerSecrets } from './server';

let t: TestDb;
let server: ScriptedServer;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
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
    const port = modelPortFromDb(t.db, { allow: parseAllowList(`127.0.0.1:${server.port}`), secret: async () => null });
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

  it("reveals a provider's key only through its own grant, which choosing the credential gives and changing it takes back", async () => {
    const admin = (await insertUser(t.db, { email: 'models-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
    const { id: credentialId } = await withAudit(t.db, admin, (tx, audit) =>
      createCredential(tx, audit, { name: 'scripted key', secret: { kind: 'bearer', token: 'sk-scripted-4242' }, createdBy: admin }),
    );
    expect(await credentialChoices(t.db)).toEqual([{ id: credentialId, name: 'scripted key', kind: 'bearer' }]);
    const base = { kind: 'openai_compatible' as const, baseUrl: `${server.url}/v1`, credentialId, models: ['m1'], defaultModel: 'm1', enabled: true };
    const granted = (await insertModelProvider(t.db, { ...base, name: 'c-granted' }))!;
    const other = (await insertModelProvider(t.db, { ...base, name: 'd-ungranted', enabled: false }))!;
    const port = modelPortFromDb(t.db, { allow: parseAllowList(`127.0.0.1:${server.port}`), secret: providerSecrets(t.db) });
    const ask1 = { ...ask, provider: granted.id };

    // Naming the credential on the row is not enough: without the grant the vault refuses, and nothing is sent.
    const sent = server.requests.length;
    await expect(port.generate(ask1, open())).rejects.toThrow(/not granted to model provider/);
    expect(server.requests.length).toBe(sent);

    await grantProviderCredential(t.db, granted.id, credentialId);
    await port.generate(ask1, open());
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-scripted-4242');

    // Another provider naming the same credential has no grant of its own.
    await updateModelProvider(t.db, other.id, { ...base, name: 'd-ungranted', enabled: true });
    await expect(port.generate({ ...ask, provider: other.id }, open())).rejects.toThrow(/not granted to model provider/);

    // Clearing the choice takes the grant back.
    await grantProviderCredential(t.db, granted.id, null);
    await expect(port.generate(ask1, open())).rejects.toThrow(/not granted to model provider/);

    expect(await listGrantableSubjects(t.db)).toEqual(
      expect.arrayContaining([
        { kind: 'model_provider', id: granted.id, name: 'c-granted' },
        { kind: 'model_provider', id: other.id, name: 'd-ungranted' },
      ]),
    );
  });
});
