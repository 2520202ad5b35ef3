import { z } from 'zod';
import { defineStep } from '../types';

export const merge = defineStep({
  type: 'merge',
  label: 'Merge',
  category: 'Flow',
  description: 'Joins parallel branches: "all" waits for every branch and outputs {label: output}; "first" takes the first to finish and cancels the rest.',
  effect: 'pure',
  configSchema: z.object({ mode: z.enum(['all', 'first']).default('all') }),
  ports: () => ['out'],
  join: 'merge',
});
