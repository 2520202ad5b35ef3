import { z } from 'zod';
import type { FieldMeta } from '../types';

/** How a step asks for its answer's confidence (documented in docs/ai-steps.md). */
export const CONFIDENCE_MODES = ['model', 'logprobs', 'samples'] as const;

/** The config fields every AI step shares: which model, how it samples, the response cache. */
export const modelConfig = {
  model: z.string().max(200).default(''),
  temperature: z.number().min(0, 'Temperature is 0 or more').max(2, 'Temperature is at most 2').default(0),
  maxTokens: z.number().int().min(1, 'Allow at least 1 token').max(200_000).default(1024),
  /** 0 = off. Only temperature-0 calls are cached. */
  cacheTtlSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(0),
};

export const modelFieldMeta: Record<keyof typeof modelConfig, FieldMeta> = {
  model: { label: 'Model', hint: 'Empty: the default model (Admin → Models). Or a model id, or provider/model.', example: 'gpt-4o-mini' },
  temperature: { label: 'Temperature', hint: '0 gives the same answer to the same prompt; higher varies it.' },
  maxTokens: { label: 'Max output tokens', hint: 'Also what a cost cap holds for the call before it is sent.' },
  cacheTtlSeconds: { label: 'Cache answers for (seconds)', hint: '0 = off. Only at temperature 0: a repeated prompt is answered from the cache at no cost.' },
};

export const confidenceConfig = {
  confidence: z.enum(CONFIDENCE_MODES).default('model'),
  samples: z.number().int().min(2, 'Agreement needs at least 2 samples').max(10).default(3),
};

export const confidenceFieldMeta: Record<keyof typeof confidenceConfig, FieldMeta> = {
  confidence: {
    label: 'Confidence from',
    hint: 'model: the model rates itself in the answer; logprobs: token probabilities (OpenAI-compatible providers that return them); samples: agreement of several answers.',
  },
  samples: { label: 'Samples', hint: 'With "samples": how many answers are compared (each is a paid call).' },
};

export type ModelSettings = { model: string; temperature: number; maxTokens: number; cacheTtlSeconds: number };
