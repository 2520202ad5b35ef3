import { NonRetriableError } from '../errors';
import type { ModelRequest, ModelResult, RunContext } from '../runtime';
import { streamTo } from './request';

export type Judged = { value: unknown; confidence: number | undefined; results: ModelResult[] };

/** The schema the model answers when it rates itself: the wanted value plus a confidence in [0, 1]. */
export function withSelfRating(schema: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      answer: schema,
      confidence: { type: 'number', minimum: 0, maximum: 1, description: 'How sure you are that the answer is right, from 0 (guess) to 1 (certain).' },
    },
    required: ['answer', 'confidence'],
    additionalProperties: false,
  };
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );

/** Of several answers, the most frequent (the first seen on a tie), and the share that agree with it. */
export function agreement(values: unknown[]): { value: unknown; confidence: number } {
  const counts = new Map<string, { value: unknown; n: number }>();
  for (const v of values) {
    const k = canonical(v);
    const c = counts.get(k) ?? { value: v, n: 0 };
    c.n++;
    counts.set(k, c);
  }
  const best = [...counts.values()].reduce((a, b) => (b.n > a.n ? b : a));
  return { value: best.value, confidence: best.n / values.length };
}

/**
 * Asks for a structured answer and judges how sure it is, as the step's config says: the model's
 * own rating (through the schema), the provider's token probabilities, or the agreement of
 * `samples` answers (temperature at least 0.7 so they can differ).
 */
export async function judgedAnswer(
  ctx: RunContext,
  req: ModelRequest & { schema: Record<string, unknown> },
  mode: 'model' | 'logprobs' | 'samples',
  samples: number,
): Promise<Judged> {
  const opts = { signal: ctx.signal, onDelta: streamTo(ctx) };
  if (mode === 'model') {
    const r = await ctx.model.generate({ ...req, schema: withSelfRating(req.schema) }, opts);
    const o = r.object as { answer: unknown; confidence: number };
    return { value: o.answer, confidence: o.confidence, results: [r] };
  }
  if (mode === 'logprobs') {
    const r = await ctx.model.generate(req, opts);
    if (r.confidence === undefined)
      throw new NonRetriableError('The provider returned no token probabilities: choose confidence "model" or "samples" for this step');
    return { value: r.object, confidence: r.confidence, results: [r] };
  }
  const varied = { ...req, temperature: Math.max(req.temperature ?? 0, 0.7), cache: undefined };
  const results: ModelResult[] = [];
  for (let i = 0; i < samples; i++) results.push(await ctx.model.generate(varied, i === 0 ? opts : { signal: ctx.signal }));
  const { value, confidence } = agreement(results.map((r) => r.object));
  return { value, confidence, results };
}
