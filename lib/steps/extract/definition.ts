import { z } from 'zod';
import { defineStep } from '../types';
import { confidenceConfig, confidenceFieldMeta, modelConfig, modelFieldMeta } from '../ai/model-config';

const jsonSchemaObject = z
  .record(z.string(), z.unknown())
  .refine((s) => s.type === 'object', 'The schema describes an object: give it "type": "object" and its properties');

export const extract = defineStep({
  type: 'extract',
  label: 'Extract',
  category: 'AI',
  description: "Has a model read text and fill a JSON Schema, with a confidence the step's policy can act on (retry, reroute, escalate below its threshold).",
  effect: 'external',
  // The schema is a JSON Schema, not a template.
  literalFields: ['schema'],
  configSchema: z.object({
    instructions: z.string().max(100_000).default('Extract the fields described by the schema from the text. Use null where the text does not say.'),
    text: z.unknown().default('{{ input }}'),
    schema: jsonSchemaObject.default({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }),
    ...confidenceConfig,
    ...modelConfig,
  }),
  fields: {
    instructions: { label: 'Instructions' },
    text: { label: 'Text', hint: 'What the model reads: text, or any value (sent as JSON).', example: '{{ input.body }}' },
    schema: { label: 'Output schema', hint: "JSON Schema of what to extract; it is also this step's output contract." },
    ...confidenceFieldMeta,
    ...modelFieldMeta,
  },
  contract: (c) => ({ output: c.schema }),
  ports: () => ['out'],
  join: 'first',
});
