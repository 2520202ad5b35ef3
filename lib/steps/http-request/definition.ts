import { z } from 'zod';
import { defineStep } from '../types';

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
  ports: () => ['out'],
  join: 'first',
});
