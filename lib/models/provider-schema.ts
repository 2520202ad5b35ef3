import { z } from 'zod';

export const PROVIDER_KINDS = ['openai', 'anthropic', 'openai_compatible'] as const;
export const PROVIDER_KIND_LABELS: Record<(typeof PROVIDER_KINDS)[number], string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  openai_compatible: 'OpenAI-compatible (Ollama, vLLM, LM Studio, LiteLLM)',
};

const modelName = z.string().trim().min(1).max(200);

/** A provider as the Admin → Models form submits it (isomorphic: the form and the action share it). */
export const providerInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the provider a name.').max(100),
    kind: z.enum(PROVIDER_KINDS),
    baseUrl: z
      .string()
      .trim()
      .max(500)
      .refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), 'Enter an http(s) URL, e.g. http://127.0.0.1:11434/v1, or leave it empty for the vendor’s own.')
      .transform((s) => s.replace(/\/+$/, '') || null),
    credentialId: z.union([z.string().uuid(), z.literal('')]).transform((s) => s || null),
    models: z.array(modelName).max(500).transform((m) => [...new Set(m)]),
    defaultModel: z.union([modelName, z.literal('')]).transform((s) => s || null),
    enabled: z.boolean(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'openai_compatible' && !p.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'An OpenAI-compatible provider needs its base URL (e.g. http://127.0.0.1:11434/v1 for Ollama).' });
    if (p.defaultModel && p.models.length && !p.models.includes(p.defaultModel)) ctx.addIssue({ code: 'custom', path: ['defaultModel'], message: 'The default model must be one of the models listed.' });
  });
export type ProviderInput = z.input<typeof providerInputSchema>;

// An empty field is a missing price, not 0 (z.coerce would make it 0: a free-looking model).
const price = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
  z.number({ message: 'Enter a price (a number).' }).finite().min(0, 'A price cannot be negative.').max(1_000_000),
);

/** The editable price table: USD per million tokens; cached input may stay empty (billed as input). */
export const pricesInputSchema = z.object({
  providerId: z.string().uuid(),
  prices: z
    .array(
      z.object({
        model: modelName,
        inputPerMillion: price,
        outputPerMillion: price,
        cachedInputPerMillion: z.union([z.literal('').transform(() => null), z.null(), price]),
      }),
    )
    .max(500)
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        if (seen.has(r.model)) ctx.addIssue({ code: 'custom', path: [i, 'model'], message: `${r.model} is priced twice.` });
        seen.add(r.model);
      });
    }),
});
export type PricesInput = z.input<typeof pricesInputSchema>;
