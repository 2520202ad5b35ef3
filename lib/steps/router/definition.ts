import { z } from 'zod';
import { defineStep } from '../types';
import { confidenceConfig, confidenceFieldMeta, modelConfig, modelFieldMeta } from '../ai/model-config';

const port = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Branch names use letters, digits, _ or - (each is an output)');

export const router = defineStep({
  type: 'router',
  label: 'Router',
  category: 'AI',
  description: 'A model picks the branch whose description fits the input; when the call fails or it is unsure, your rules decide instead.',
  effect: 'external',
  configSchema: z
    .object({
      context: z.unknown().default('{{ input }}'),
      branches: z
        .array(z.object({ port, description: z.string().min(1, 'Describe when this branch is the right one').max(2_000) }))
        .min(2, 'Give at least two branches')
        .default([
          { port: 'sales', description: 'Questions about buying, prices or plans' },
          { port: 'support', description: 'Problems with something already bought' },
        ]),
      threshold: z.number().min(0).max(1).default(0.6),
      rules: z
        .array(z.object({ port, when: z.unknown() }))
        .max(50)
        .default([]),
      fallback: port.default('support'),
      ...confidenceConfig,
      ...modelConfig,
    })
    .superRefine((c, ctx) => {
      const ports = new Set(c.branches.map((b) => b.port));
      if (ports.size !== c.branches.length) ctx.addIssue({ code: 'custom', path: ['branches'], message: 'Branch names must differ' });
      if (!ports.has(c.fallback)) ctx.addIssue({ code: 'custom', path: ['fallback'], message: 'The fallback must be one of the branches' });
      c.rules.forEach(
        (r, i) => !ports.has(r.port) && ctx.addIssue({ code: 'custom', path: ['rules', i, 'port'], message: `"${r.port}" is not one of the branches` }),
      );
    }),
  fields: {
    context: { label: 'What to route', example: '{{ input.message }}' },
    branches: { label: 'Branches', hint: 'Each is an output: its name and when it is the right one (the model reads this).' },
    threshold: { label: 'Least confidence', hint: 'Below this, the rules decide instead of the model.' },
    rules: {
      label: 'Fallback rules',
      hint: 'In order, the first whose condition holds wins.',
      example: '[{"port": "sales", "when": "{{ input.amount > 1000 }}"}]',
    },
    fallback: { label: 'Fallback branch', hint: 'When no rule holds.' },
    ...confidenceFieldMeta,
    ...modelFieldMeta,
  },
  contract: () => ({
    output: {
      type: 'object',
      properties: { port: { type: 'string' }, by: { enum: ['model', 'rules'] }, confidence: { type: ['number', 'null'] }, reason: { type: 'string' } },
      required: ['port', 'by'],
    },
  }),
  ports: (c) => c.branches.map((b) => b.port),
  join: 'first',
});
