import { z } from 'zod';
import { defineStep } from '../types';

export const code = defineStep({
  type: 'code',
  label: 'Code',
  category: 'Data',
  description: 'Runs JavaScript in a sandbox (no network, no files) with time and memory limits. Return the output.',
  effect: 'external',
  literalFields: ['code'],
  configSchema: z.object({
    code: z.string({ error: 'Write the code to run' }).min(1, 'Write the code to run').max(100_000),
    timeoutMs: z.number().int().min(10).max(60_000).default(2_000),
    memoryMb: z.number().int().min(8).max(512).default(64),
  }),
  fields: { code: { label: 'Code', hint: 'Reads `input` (and `steps`, `trigger`); return the output.' }, timeoutMs: { label: 'Timeout (ms)' }, memoryMb: { label: 'Memory (MB)' } },
  ports: () => ['out'],
  join: 'first',
});
