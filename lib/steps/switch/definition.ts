import { z } from 'zod';
import { defineStep } from '../types';

export const switchStep = defineStep({
  type: 'switch',
  label: 'Switch',
  category: 'Flow',
  description: 'Routes its input to the first case whose value equals the expression, else to "default".',
  effect: 'pure',
  configSchema: z.object({
    value: z.unknown(),
    cases: z.array(z.object({ port: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Case names use letters, digits, _ or -'), equals: z.unknown() })).min(1, 'Add at least one case'),
  }),
  ports: (c) => [...c.cases.map((k) => k.port), 'default'],
  join: 'first',
});
