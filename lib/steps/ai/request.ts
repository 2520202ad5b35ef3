import type { ModelMessage, ModelRequest, RunContext, StepOutcome } from '../runtime';
import type { ModelSettings } from './model-config';

/** The request an AI step sends, from its shared settings and its messages. */
export function modelRequest(s: ModelSettings, messages: ModelMessage[], schema?: Record<string, unknown>): ModelRequest {
  return {
    ...(s.model.trim() ? { model: s.model.trim() } : {}),
    messages: messages.filter((m) => m.content.trim() !== ''),
    temperature: s.temperature,
    maxTokens: s.maxTokens,
    ...(schema ? { schema } : {}),
    ...(s.cacheTtlSeconds > 0 ? { cache: { ttlSeconds: s.cacheTtlSeconds } } : {}),
  };
}

/** Anything a template resolved to, as prompt text: strings as they are, the rest as JSON. */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v, null, 2));

/** Streams the model's text into the run view while it arrives; the result is committed once. */
export const streamTo = (ctx: RunContext) => (delta: string) => ctx.emit({ type: 'text', delta });

export type Outcome = StepOutcome;
