import { z } from 'zod';
import { defineStep } from '../types';

export const WEBHOOK_METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'] as const;

export const webhookTrigger = defineStep({
  type: 'webhook-trigger',
  label: 'Webhook',
  category: 'Triggers',
  description: 'Starts the flow when an HTTP request arrives at the flow\'s webhook URL. Its output is the request body.',
  effect: 'trigger',
  configSchema: z.object({
    /** The one HTTP method the URLs accept; any other gets 405 with an Allow header. */
    method: z.enum(WEBHOOK_METHODS).default('POST'),
    /** sync: the caller waits for a Respond step (up to timeoutMs); async: 202 with the run id. */
    mode: z.enum(['sync', 'async']).default('sync'),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** JSON Schema the request body must match; a mismatch answers 400 with the reasons. */
    bodySchema: z.record(z.string(), z.unknown()).optional(),
    /** Besides the unguessable URL: a shared token in a header, or an HMAC-SHA256 signature of the body. */
    auth: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('none') }),
        z.object({ kind: z.literal('header'), header: z.string().min(1).default('x-baton-token'), token: z.string().min(8, 'Use a token of at least 8 characters') }),
        z.object({ kind: z.literal('hmac'), header: z.string().min(1).default('x-baton-signature'), secret: z.string().min(8, 'Use a secret of at least 8 characters') }),
      ])
      .default({ kind: 'none' }),
  }),
  fields: { mode: { label: 'Mode' }, timeoutMs: { label: 'Timeout (ms)' }, bodySchema: { label: 'Body schema (JSON Schema)' }, auth: { label: 'Authentication' } },
  contract: (c) => ({ output: c.bodySchema }),
  ports: () => ['out'],
  join: 'none',
  secretFields: [{ path: ['auth', 'token'] }, { path: ['auth', 'secret'] }],
});
