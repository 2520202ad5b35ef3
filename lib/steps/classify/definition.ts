import { z } from 'zod';
import { defineStep } from '../types';
import { confidenceConfig, confidenceFieldMeta, modelConfig, modelFieldMeta } from '../ai/model-config';

export const labelSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Label names use letters, digits, _ or - (each is an output)'),
  description: z.string().max(2_000).default(''),
  examples: z.array(z.string().max(2_000)).max(20).default([]),
});

export const classify = defineStep({
  type: 'classify',
  label: 'Classify',
  category: 'AI',
  description: 'Has a model put its input under one of your labels, with a confidence; each label is an output, so the flow branches on it.',
  effect: 'external',
  configSchema: z.object({
    text: z.unknown().default('{{ input }}'),
    instructions: z.string().max(20_000).default('Classify the text under exactly one of the labels.'),
    labels: z
      .array(labelSchema)
      .min(2, 'Give at least two labels')
      .refine((ls) => new Set(ls.map((l) => l.name)).size === ls.length, 'Label names must differ')
      .default([
        { name: 'positive', description: 'The customer is satisfied', examples: [] },
        { name: 'negative', description: 'The customer is unhappy', examples: [] },
      ]),
    ...confidenceConfig,
    ...modelConfig,
  }),
  fields: {
    text: { label: 'Text', example: '{{ input.message }}' },
    instructions: { label: 'Instructions' },
    labels: {
      label: 'Labels',
      hint: 'Each: a name (the output), what it means, and examples.',
      example: '[{"name": "refund", "description": "Asks for money back", "examples": ["I want my money back"]}]',
    },
    ...confidenceFieldMeta,
    ...modelFieldMeta,
  },
  contract: (c) => ({
    output: {
      type: 'object',
      properties: { label: { type: 'string', enum: c.labels.map((l) => l.name) }, confidence: { type: ['number', 'null'] } },
      required: ['label'],
    },
  }),
  ports: (c) => c.labels.map((l) => l.name),
  join: 'first',
});
