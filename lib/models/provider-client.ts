import 'server-only';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { NonRetriableError } from '@/lib/steps/errors';
import type { CredentialSecret } from '@/lib/vault/types';
import type { ProviderConfig } from './types';

type ClientDeps = { secret: CredentialSecret | null; fetch: typeof fetch };

/**
 * An AI SDK language model for one provider row and model id. The key is passed explicitly (an
 * empty one rather than none), so the SDK never falls back to OPENAI_API_KEY / ANTHROPIC_API_KEY
 * from Baton's own environment. OpenAI goes through Chat Completions (log-probabilities).
 */
export function languageModelFor(p: ProviderConfig, modelId: string, d: ClientDeps): LanguageModel {
  const baseURL = p.baseUrl?.trim() || undefined;
  const secret = d.secret;
  if (secret && secret.kind !== 'api_key' && secret.kind !== 'bearer') {
    throw new NonRetriableError(`Provider "${p.name}": a ${secret.kind} credential cannot authenticate a model provider; choose an API key or bearer token in Admin → Models`);
  }
  const key = secret ? (secret.kind === 'api_key' ? secret.key : secret.token) : undefined;
  switch (p.kind) {
    case 'openai':
      if (!key) throw missingKey(p);
      return createOpenAI({ apiKey: key, baseURL, fetch: d.fetch, name: p.name }).chat(modelId);
    case 'anthropic':
      if (!key) throw missingKey(p);
      return createAnthropic(secret?.kind === 'bearer' ? { authToken: key, baseURL, fetch: d.fetch } : { apiKey: key, baseURL, fetch: d.fetch })(modelId);
    case 'openai_compatible': {
      if (!baseURL) throw new NonRetriableError(`Provider "${p.name}" has no base URL; set one in Admin → Models`);
      // A custom header or query key (e.g. Azure's api-key) goes where the credential says.
      const custom = secret?.kind === 'api_key' && secret.name && secret.name.toLowerCase() !== 'authorization';
      return createOpenAICompatible({
        name: 'compatible',
        baseURL,
        fetch: d.fetch,
        includeUsage: true,
        supportsStructuredOutputs: true,
        ...(custom && secret.placement === 'query' ? { queryParams: { [secret.name]: secret.key } } : {}),
        ...(custom && secret.placement === 'header' ? { headers: { [secret.name]: secret.key } } : {}),
        ...(key && !custom ? { apiKey: key } : {}),
      }).chatModel(modelId);
    }
  }
}

const missingKey = (p: ProviderConfig) => new NonRetriableError(`Provider "${p.name}" has no API key; choose a credential in Admin → Models`);
