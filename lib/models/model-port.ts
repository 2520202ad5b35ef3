import 'server-only';
import type { LanguageModel } from 'ai';
import type { AllowList } from '@/lib/net/allow-list';
import type { Resolver } from '@/lib/net/resolve';
import { ContractError, NonRetriableError, StepTimeoutError } from '@/lib/steps/errors';
import type { ModelPort, ModelRequest, ModelResult } from '@/lib/steps/runtime';
import type { CredentialSecret } from '@/lib/vault/types';
import { callModel, type CallResult } from './call';
import { confidenceFromLogprobs } from './confidence';
import { costOf } from './cost';
import { guardedModelFetch } from './guarded-model-fetch';
import { languageModelFor } from './provider-client';
import { checkStructured, repairMessages } from './structured';
import type { PriceLookup, ProviderConfig, ProviderSecretResolver } from './types';

export type ModelPortDeps = {
  /** The enabled providers, in a stable order (by name): read on each call, so an edit applies at once. */
  providers: () => Promise<ProviderConfig[]>;
  secret: ProviderSecretResolver;
  price: PriceLookup;
  /** The outbound guard's allow-list (BATON_ALLOWED_HOSTS): every provider call passes the guard. */
  allow: AllowList;
  resolve?: Resolver;
  /** The SDK client for a provider; tests swap in MockLanguageModelV4. */
  languageModel?: (p: ProviderConfig, modelId: string, d: { secret: CredentialSecret | null; fetch: typeof fetch }) => LanguageModel;
  now?: () => number;
  /** Longest a generate (with its repair) may take even when the step set no timeout; default 10 min. */
  callTimeoutMs?: number;
};

export const DEFAULT_CALL_TIMEOUT_MS = 10 * 60_000;

export const NO_PROVIDER_MESSAGE = 'No model provider is configured: an admin adds one in Admin → Models';

/**
 * The ModelPort steps call: picks the provider and model, streams the answer (`onDelta` per
 * chunk, in order), checks structured output against `req.schema` with ONE repair attempt (the
 * model is shown the validation errors) before a ContractError, and reports usage (tokens,
 * latency, cost from the price table: unknown price → `costUsd: null`) and, where the provider
 * returns log-probabilities, a confidence. Failures arrive as the engine's kinds (faults.ts).
 */
export function createModelPort(d: ModelPortDeps): ModelPort {
  const now = d.now ?? (() => performance.now());
  const build = d.languageModel ?? languageModelFor;
  const limit = d.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const generate: ModelPort['generate'] = async (req, { signal: caller, onDelta }) => {
    const deadline = AbortSignal.timeout(limit);
    try {
      return await generateOnce(req, AbortSignal.any([caller, deadline]), onDelta);
    } catch (err) {
      // The step's own cancellation (its timeout, a cancelled run) is the executor's to name.
      if (deadline.aborted && !caller.aborted) throw new StepTimeoutError(`No complete answer from the model within ${limit} ms`);
      throw err;
    }
  };
  const generateOnce = async (req: ModelRequest, signal: AbortSignal, onDelta?: (text: string) => void): Promise<ModelResult> => {
    const { provider, modelId } = pickTarget(await d.providers(), req);
    const secret = await d.secret(provider);
    const model = build(provider, modelId, { secret, fetch: guardedModelFetch({ allow: d.allow, resolve: d.resolve, signal }) });
    const calls: CallResult[] = [await callModel(model, provider, req, { signal, onDelta, now })];
    let object: unknown;
    if (req.schema) {
      let checked = checkStructured(calls[0]!.text, req.schema);
      if (!checked.ok) {
        const retry = { ...req, messages: repairMessages(req.messages, calls[0]!.text, checked.problems) };
        calls.push(await callModel(model, provider, retry, { signal, onDelta, now }));
        checked = checkStructured(calls[1]!.text, req.schema);
        if (!checked.ok) {
          throw Object.assign(
            new ContractError(
              `${provider.name} (${modelId}) did not produce output matching the schema, even after being shown its errors: ${checked.problems.join('; ')}`,
            ),
            { details: { problems: checked.problems } },
          );
        }
      }
      object = checked.value;
    }
    const last = calls[calls.length - 1]!;
    const price = await d.price(provider.id, modelId);
    return {
      text: last.text,
      ...(req.schema ? { object } : {}),
      usage: usageOf(calls, provider, modelId, price),
      ...withConfidence(confidenceFromLogprobs(last.logprobs)),
    };
  };
  return { generate };
}

function usageOf(calls: CallResult[], p: ProviderConfig, model: string, price: Awaited<ReturnType<PriceLookup>>) {
  const tokens = calls.reduce(
    (t, c) => ({
      inputTokens: t.inputTokens + c.tokens.inputTokens,
      outputTokens: t.outputTokens + c.tokens.outputTokens,
      cachedInputTokens: t.cachedInputTokens + c.tokens.cachedInputTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
  );
  const latencyMs = Math.round(calls.reduce((s, c) => s + c.latencyMs, 0));
  return { provider: p.name, model, ...tokens, latencyMs, costUsd: costOf(tokens, price) };
}

const withConfidence = (c: number | undefined) => (c === undefined ? {} : { confidence: c });

/**
 * Which provider and model answer a request: `req.provider` (id or name) if given; else a
 * `provider/model` name; else the first provider listing the model; with no model, the first
 * provider's default. Anything that cannot be matched says what to configure.
 */
export function pickTarget(providers: ProviderConfig[], req: Pick<ModelRequest, 'model' | 'provider'>): { provider: ProviderConfig; modelId: string } {
  if (!providers.length) throw new NonRetriableError(NO_PROVIDER_MESSAGE);
  let provider: ProviderConfig | undefined;
  let modelId = req.model?.trim() || undefined;
  if (req.provider) {
    provider = providers.find((p) => p.id === req.provider || p.name === req.provider);
    if (!provider) throw new NonRetriableError(`Model provider "${req.provider}" is not configured or is disabled (Admin → Models)`);
  } else if (modelId) {
    const slash = modelId.indexOf('/');
    const named = slash > 0 ? providers.find((p) => p.name === modelId!.slice(0, slash)) : undefined;
    if (named) {
      provider = named;
      modelId = modelId.slice(slash + 1);
    } else {
      provider = providers.find((p) => p.models.includes(modelId!));
    }
    if (!provider) throw new NonRetriableError(`No enabled model provider lists the model "${modelId}"; add it to a provider in Admin → Models`);
  } else {
    provider = providers.find((p) => p.defaultModel);
    if (!provider) throw new NonRetriableError('No model provider has a default model; set one in Admin → Models or name the model in the step');
  }
  modelId ??= provider.defaultModel ?? undefined;
  if (!modelId) throw new NonRetriableError(`Model provider "${provider.name}" has no default model; set one in Admin → Models or name the model in the step`);
  return { provider, modelId };
}
