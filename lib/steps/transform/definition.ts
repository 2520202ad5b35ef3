import { z } from 'zod';
import { defineStep } from '../types';

export const transform = defineStep({
  type: 'transform',
  label: 'Set fields',
  category: 'Data',
  description: 'Outputs its input with fields set from expressions, e.g. count = {{ input.count + 1 }}.',
  effect: 'pure',
  configSchema: z.object({
    assignments: z.array(z.object({ name: z.string().min(1, 'Name the field to set').max(200), value: z.unknown() })).default([]),
    /** Off: output only the assigned fields. */
    keepInput: z.boolean().default(true),
  }),
  fields: {
    assignments: { label: 'Fields to set', editor: 'pairs', example: 'count = {{ input.count + 1 }}' },
    keepInput: { label: 'Keep the input\'s other fields' },
  },
  ports: () => ['out'],
  join: 'first',
});
