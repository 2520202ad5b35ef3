import { z } from 'zod';
import { defineStep } from '../types';

export const webhookTrigger = defineStep({
  type: 'webhook-trigger',
  label: 'Webhook',
  category: 'Triggers',
  description: 'Starts the flow when an HTTP request arrives at the flow\'s webhook URL. Its output is the request body.',
  effect: 'trigger',
  configSchema: z.object({
    /** sync: the caller waits for a Respond step (up to timeoutMs); async: 202 with the run id. */
    mode: z.enum(['sync', 'async']).default('sync'),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    bodySchema: z.record(z.string(), z.unknown()).optional(),
  }),
  ports: () => ['out'],
  join: 'none',
});
