import { z } from 'zod';
import { defineStep } from '../types';

export const delay = defineStep({
  type: 'delay',
  label: 'Wait',
  category: 'Flow',
  description: 'Waits for a duration without holding a process, then passes its input on.',
  effect: 'timer',
  configSchema: z.object({ ms: z.number().int().min(0).max(30 * 86_400_000).default(1000) }),
  fields: { ms: { label: 'Duration (ms)', hint: '1000 ms is one second; at most 30 days.' } },
  ports: () => ['out'],
  join: 'first',
});
