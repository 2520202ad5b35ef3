import 'server-only';
import { streamText, type LanguageModel, type OutputInterface } from 'ai';
import type { ModelMessage } from '@/lib/steps/runtime';
import type { TokenCounts } from './cost';
import { providerFault } from './faults';
import { schemaInstruction } from './structured';
import type { ProviderConfig } from './types';

// The SDK prints provider warnings (compatibility notes such as "unknown model, max tokens
// limited") straight to the console, around Baton's structured logger; they say nothing a step needs.
globalThis.AI_SDK_LOG_WARNINGS = false;

export type CallRequest = { messages: ModelMessage[]; temperature?: number; maxTokens?: number; schema?: Record<string, unknown> };
export type CallResult = { text: string; tokens: TokenCounts; logprobs?: unknown; latencyMs: number };

/**
 * One streamed provider call: deltas go to `onDelta` in order as they arrive; the SDK's retries
 * are off (the step's policy retries, with the failure mapped to its kinds). A schema is sent as
 * the provider's JSON response format (native structured output where supported) and spelled
 * out in the instructions for servers that ignore it; the answer is checked by the caller.
 */
export async function callModel(model: LanguageModel, p: ProviderConfig, req: CallRequest, opts: { signal: AbortSignal; onDelta?: (text: string) => void; now: () => number }): Promise<CallResult> {
  const started = opts.now();
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (req.schema) system.push(schemaInstruction(req.schema));
  const result = streamText({
    model,
    ...(system.length ? { instructions: system.join('\n\n') } : {}),
    messages: req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
    ...(req.maxTokens === undefined ? {} : { maxOutputTokens: req.maxTokens }),
    ...(req.schema ? { output: unvalidatedJson(req.schema) } : {}),
    providerOptions: providerOptionsFor(p, !!req.schema),
    maxRetries: 0,
    abortSignal: opts.signal,
    // The failure is read from the stream below and mapped; the SDK's default prints it (with the prompt) to the console.
    onError: () => {},
  });
  let text = '';
  let failure: unknown;
  let tokens: TokenCounts = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  let logprobs: unknown;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      if (part.text) opts.onDelta?.(part.text);
    } else if (part.type === 'finish-step') {
      tokens = {
        inputTokens: part.usage.inputTokens ?? 0,
        outputTokens: part.usage.outputTokens ?? 0,
        cachedInputTokens: part.usage.inputTokenDetails?.cacheReadTokens ?? 0,
      };
      logprobs = part.providerMetadata?.openai?.logprobs;
    } else if (part.type === 'error') {
      failure ??= part.error;
    }
  }
  if (opts.signal.aborted) throw opts.signal.reason ?? new Error('Cancelled');
  if (failure !== undefined) throw providerFault(failure, p.name);
  return { text, tokens, logprobs, latencyMs: opts.now() - started };
}

function providerOptionsFor(p: ProviderConfig, structured: boolean): Record<string, Record<string, string | boolean>> {
  // OpenAI: token log-probabilities give a confidence; the caller's schema is checked here, so
  // the provider's strict mode (which rejects many ordinary schemas) stays off.
  if (p.kind === 'openai') return { openai: { logprobs: true, strictJsonSchema: false } };
  // Anthropic: native structured output (text content) rather than the forced-tool fallback.
  if (p.kind === 'anthropic' && structured) return { anthropic: { structuredOutputMode: 'outputFormat' } };
  return {};
}

/**
 * Asks for JSON against the schema without letting the SDK judge the answer: Baton checks it
 * and, on a mismatch, shows the model its errors once (see structured.ts).
 */
function unvalidatedJson(schema: Record<string, unknown>): OutputInterface<string, string, never> {
  return {
    name: 'object',
    responseFormat: Promise.resolve({ type: 'json', schema: schema as never }),
    parseCompleteOutput: async ({ text }) => text,
    parsePartialOutput: async () => undefined,
    createElementStreamTransform: () => undefined,
  };
}
