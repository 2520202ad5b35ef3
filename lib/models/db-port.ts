import 'server-only';
import type { Db } from '@/db/client';
import { findModelPrice, listModelProviders } from '@/db/queries/models';
import type { ModelProviderRow } from '@/db/schema';
import type { AllowList } from '@/lib/net/allow-list';
import type { ModelPort } from '@/lib/steps/runtime';
import type { Vault } from '@/lib/vault/types';
import type { ModelQuote } from '@/lib/budgets/metered-model';
import type { ModelRequest } from '@/lib/steps/runtime';
import { createModelPort, pickTarget } from './model-port';
import type { ProviderConfig, ProviderSecretResolver } from './types';

export const providerConfigOf = (r: ModelProviderRow): ProviderConfig => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  baseUrl: r.baseUrl,
  credentialId: r.credentialId,
  models: r.models,
  defaultModel: r.defaultModel,
});

/** The provider's key from the vault, revealed for this provider only (its grant); null when it has none. */
export const vaultSecrets =
  (vault: Vault): ProviderSecretResolver =>
  async (p) =>
    p.credentialId ? vault.reveal(p.credentialId, { kind: 'model_provider', id: p.id }) : null;

/** The ModelPort over the configured providers: rows and prices read per call, so an admin's edit applies at once. */
export function modelPortFromDb(db: Db, o: { allow: AllowList; secret: ProviderSecretResolver }): ModelPort {
  return createModelPort({
    providers: async () => (await listModelProviders(db)).filter((r) => r.enabled).map(providerConfigOf),
    price: (providerId, model) => findModelPrice(db, providerId, model),
    secret: o.secret,
    allow: o.allow,
  });
}

/**
 * A request that names no output limit is held at this many output tokens: the provider's own
 * default is not known here, and a hold must not be too small.
 */
export const UNSTATED_MAX_OUTPUT_TOKENS = 16_384;

/** Where a request will go and its price per million tokens (null: unknown), before it is sent. */
export function modelQuoteFromDb(db: Db): (req: ModelRequest) => Promise<ModelQuote> {
  return async (req) => {
    const providers = (await listModelProviders(db)).filter((r) => r.enabled).map(providerConfigOf);
    const { provider, modelId } = pickTarget(providers, req);
    const price = await findModelPrice(db, provider.id, modelId);
    return {
      provider: provider.name,
      model: modelId,
      price: price
        ? {
            inputPerM: price.inputPerMillion,
            outputPerM: price.outputPerMillion,
            ...(price.cachedInputPerMillion === null ? {} : { cachedInputPerM: price.cachedInputPerMillion }),
          }
        : null,
      maxOutputTokens: req.maxTokens ?? UNSTATED_MAX_OUTPUT_TOKENS,
    };
  };
}
