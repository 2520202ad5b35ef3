import { z } from 'zod';
import { defineStep } from '../types';
import { modelConfig, modelFieldMeta } from '../ai/model-config';

export const synthesise = defineStep({
  type: 'synthesise',
  label: 'Synthesise',
  category: 'AI',
  description:
    "Combines earlier steps' outputs into a report, a message or a record: your template gathers them, the model writes the result (text, or JSON that fits a schema).",
  effect: 'external',
  // The schema is a JSON Schema, not a template.
  literalFields: ['schema'],
  configSchema: z
    .object({
      instructions: z.string().min(1, 'Say what to write').max(100_000).default('Write a short report for the team from the material below.'),
      material: z.unknown().default('{{ steps }}'),
      format: z.enum(['text', 'json']).default('text'),
      schema: z.record(z.string(), z.unknown()).optional(),
      ...modelConfig,
      temperature: modelConfig.temperature.default(0.3),
    })
    .refine((c) => c.format === 'text' || (c.schema && c.schema.type === 'object'), {
      path: ['schema'],
      message: 'JSON output needs a schema of "type": "object"',
    }),
  fields: {
    instructions: { label: 'Instructions', example: 'Write the customer a reply that answers each of their questions.' },
    material: { label: 'Material', hint: 'What the model combines: a template over earlier steps, e.g. {{ steps.lookup.output }}.' },
    format: { label: 'Output', hint: 'text: { text }; json: an object matching the schema.' },
    schema: { label: 'Schema (JSON output)' },
    ...modelFieldMeta,
  },
  contract: (c) => ({ output: c.format === 'json' && c.schema ? c.schema : { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }),
  ports: () => ['out'],
  join: 'first',
});
