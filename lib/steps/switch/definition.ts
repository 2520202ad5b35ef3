import { z } from 'zod';
import { defineStep } from '../types';

export const switchStep = defineStep({
  type: 'switch',
  label: 'Switch',
  category: 'Flow',
  description: 'Routes its input to the first case whose value equals the expression, else to "default".',
  effect: 'pure',
  configSchema: z.object({
    value: z.unknown().default('{{ input }}'),
    cases: z
      .array(z.object({ port: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Case names use letters, digits, _ or -'), equals: z.unknown().default('') }))
      .min(1, 'Add at least one case')
      .default([{ port: 'case_1', equals: '' }]),
  }),
  fields: {
    value: { label: 'Value', hint: 'The expression each case is compared with.', example: '{{ input.kind }}' },
    cases: { label: 'Cases', hint: 'Each case is an output: its name, and the value that sends the input there. Anything else goes to "default".', example: '[{"port": "refund", "equals": "refund"}]' },
  },
  ports: (c) => [...c.cases.map((k) => k.port), 'default'],
  join: 'first',
});
