import type { CredentialSecret } from '@/lib/vault/types';

export type ModelProviderKind = 'openai' | 'anthropic' | 'openai_compatible';

/** What the model layer needs of a `model_providers` row (never the key: that comes from the vault). */
export type ProviderConfig = {
  id: string;
  name: string;
  kind: ModelProviderKind;
  /** Empty for the vendor's own endpoint (OpenAI, Anthropic); required for openai_compatible. */
  baseUrl: string | null;
  credentialId: string | null;
  models: string[];
  defaultModel: string | null;
};

/** USD per million tokens; `cachedInputPerMillion` null bills cached input at the input price. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null };

/** Reveals the provider's credential (the vault, granted to `{kind:'model_provider', id}`); null when it has none. */
export type ProviderSecretResolver = (provider: ProviderConfig) => Promise<CredentialSecret | null>;

/** The price of one model of one provider, or null when no admin entered it (cost unknown). */
export type PriceLookup = (providerId: string, model: string) => Promise<ModelPrice | null>;
