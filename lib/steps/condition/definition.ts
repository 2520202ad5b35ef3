import { z } from 'zod';
import { defineStep } from '../types';

export const condition = defineStep({
  type: 'condition',
  label: 'If',
  category: 'Flow',
  description: 'Routes its input to "true" or "false" by an expression, e.g. {{ input.amount > 100 }}.',
  effect: 'pure',
  configSchema: z.object({ condition: z.unknown().refine((v) => v !== undefined && v !== '', 'Write the condition, e.g. {{ input.amount > 100 }}') }),
  fields: { condition: { label: 'Condition', example: '{{ input.amount > 100 }}' } },
  ports: () => ['true', 'false'],
  join: 'first',
});
