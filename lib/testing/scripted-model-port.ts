import { parseAllowList } from '@/lib/net/allow-list';
import type { ScriptedServer } from './scripted-model';
import type { CredentialSecret } from '@/lib/vault/types';
import { createModelPort, type ModelPortDeps } from '@/lib/models/model-port';
import type { ModelPrice, ModelProviderKind, ProviderConfig } from '@/lib/models/types';

export const TEST_KEY = 'sk-test-7f3a9c2e';

/** A provider row pointing at a scripted server (`${url}/v1`), listing `m1` as its default. */
export const scriptedProvider = (server: Pick<ScriptedServer, 'url'>, kind: ModelProviderKind, over: Partial<ProviderConfig> = {}): ProviderConfig => ({
  id: 'p-scripted',
  name: 'scripted',
  kind,
  baseUrl: `${server.url}/v1`,
  credentialId: 'c-1',
  models: ['m1'],
  defaultModel: 'm1',
  ...over,
});

/**
 * A ModelPort over one provider with an in-memory key and price, and the scripted server's
 * port on the allow-list unless `allowed: false`: real provider clients, real HTTP, the real guard.
 */
export function scriptedModelPort(
  server: Pick<ScriptedServer, 'url' | 'port'>,
  kind: ModelProviderKind,
  o: { price?: ModelPrice | null; allowed?: boolean; secret?: CredentialSecret | null; provider?: Partial<ProviderConfig>; deps?: Partial<ModelPortDeps> } = {},
) {
  const provider = scriptedProvider(server, kind, o.provider);
  return createModelPort({
    providers: async () => [provider],
    secret: async () => (o.secret === undefined ? { kind: 'bearer', token: TEST_KEY } : o.secret),
    price: async () => o.price ?? null,
    allow: parseAllowList(o.allowed === false ? '' : `127.0.0.1:${server.port}`),
    ...o.deps,
  });
}
