import { z } from 'zod';
import { defineStep } from '../types';

export const output = defineStep({
  type: 'output',
  label: 'Output',
  category: 'Output',
  description: 'Sets the run\'s result (shown on the run and returned by the API).',
  effect: 'pure',
  setsRunOutput: true,
  configSchema: z.object({ value: z.unknown().default('{{ input }}') }),
  ports: () => ['out'],
  join: 'first',
});
