import type { ModelProviderKind } from '@/lib/models/types';

/** A provider as the admin page hands it to the browser: no secret, only the credential's id. */
export type ProviderView = {
  id: string;
  name: string;
  kind: ModelProviderKind;
  baseUrl: string;
  credentialId: string;
  models: string[];
  defaultModel: string;
  enabled: boolean;
  prices: { model: string; inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null }[];
};

export type CredentialChoice = { id: string; name: string; kind: string };
