import { z } from 'zod';
import { defineStep } from '../types';

export const respond = defineStep({
  type: 'respond',
  label: 'Respond to webhook',
  category: 'Output',
  description: 'Answers the waiting webhook caller with a status, headers and body; the flow may go on after it.',
  effect: 'pure',
  configSchema: z.object({
    status: z.union([z.number().int().min(100).max(599), z.string()]).default(200),
    headers: z.record(z.string(), z.unknown()).default({}),
    body: z.unknown().default('{{ input }}'),
  }),
  fields: {
    status: { label: 'Status', editor: 'status', example: '200, or {{ input.ok ? 200 : 422 }}' },
    headers: { label: 'Headers', editor: 'map', example: 'content-type = application/json' },
    body: { label: 'Body' },
  },
  ports: () => ['out'],
  join: 'first',
});
