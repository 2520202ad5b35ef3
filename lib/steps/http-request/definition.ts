import { z } from 'zod';
import { defineStep } from '../types';

/** The output of every HTTP request: the status, the response headers (lower-case) and the parsed body. */
const HTTP_OUTPUT = {
  type: 'object',
  properties: { status: { type: 'integer' }, headers: { type: 'object' }, body: {} },
  required: ['status', 'headers'],
  additionalProperties: false,
};

export const httpRequest = defineStep({
  type: 'http-request',
  label: 'HTTP request',
  category: 'Actions',
  description: 'Calls an HTTP API. Private and loopback addresses are refused unless an admin allows them.',
  effect: 'external',
  configSchema: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
    url: z.string({ error: 'Enter the URL to call' }).min(1, 'Enter the URL to call'),
    headers: z.array(z.object({ name: z.string().min(1), value: z.unknown(), secret: z.boolean().optional() })).default([]),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    maxResponseBytes: z.number().int().min(1).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
    // Cross-origin hops lose credentials and secret headers either way; 'refuse' fails on any redirect.
    redirect: z.enum(['follow', 'refuse']).default('follow'),
  }),
  fields: {
    method: { label: 'Method' },
    url: { label: 'URL', example: 'https://api.example.com/items/{{ input.id }}' },
    headers: { label: 'Headers', editor: 'pairs', example: 'authorization = Bearer {{ input.token }}' },
    body: { label: 'Body', hint: 'Text, or one {{ expression }} for JSON (sent as application/json).' },
    timeoutMs: { label: 'Timeout (ms)' },
    maxResponseBytes: { label: 'Largest response (bytes)' },
    redirect: { label: 'Redirects' },
  },
  // What it outputs, so that completion and the validator know `input.body`, not `input.score`.
  contract: () => ({ output: HTTP_OUTPUT }),
  ports: () => ['out'],
  join: 'first',
  secretFields: [{ list: 'headers', value: 'value', flag: 'secret' }],
});
