import 'server-only';
import { randomUUID } from 'node:crypto';
import { sendHttpRequest, type HttpRequestConfig } from '@/lib/steps/http-request/send';
import { defineBuiltin, object } from './define';

const request = defineBuiltin<HttpRequestConfig>({
  key: 'http.request',
  name: 'HTTP request',
  category: 'Actions',
  description: 'Calls a web API or page (GET, POST, PUT, PATCH, DELETE, HEAD) and returns the status, headers and body (JSON parsed). Private and loopback addresses are refused unless an admin allows them; 4xx fails, 5xx and 429 can be retried.',
  inputSchema: object(
    {
      method: { type: 'string', title: 'Method', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], default: 'GET' },
      url: { type: 'string', title: 'URL', description: 'http or https address.', minLength: 1, maxLength: 8_000, examples: ['https://api.example.com/items?limit=10'] },
      headers: {
        type: 'array',
        title: 'Headers',
        default: [],
        maxItems: 100,
        items: object(
          {
            name: { type: 'string', title: 'Name', minLength: 1, maxLength: 200, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
            value: { type: 'string', title: 'Value', maxLength: 16_000 },
            secret: { type: 'boolean', title: 'Secret', description: 'Masked in records and dropped if a redirect leaves the origin.', default: false },
          },
          ['name', 'value'],
        ),
      },
      body: { title: 'Body', description: 'Text is sent as is; any other JSON value is sent as application/json. Ignored for GET and HEAD.' },
      timeoutMs: { type: 'integer', title: 'Timeout (ms)', minimum: 100, maximum: 300_000, default: 30_000 },
      maxResponseBytes: { type: 'integer', title: 'Largest response (bytes)', minimum: 1, maximum: 50 * 1024 * 1024, default: 5 * 1024 * 1024 },
      redirect: { type: 'string', title: 'Redirects', description: 'follow drops credentials when a hop changes origin; refuse fails on any redirect.', enum: ['follow', 'refuse'], default: 'follow' },
    },
    ['url'],
  ),
  outputSchema: object(
    {
      status: { type: 'integer', title: 'Status', minimum: 100, maximum: 599 },
      headers: { type: 'object', title: 'Response headers', description: 'Names in lower case.', additionalProperties: { type: 'string' } },
      body: { title: 'Body', description: 'Parsed when the response is JSON, text otherwise.' },
    },
    ['status', 'headers'],
  ),
  // Called from a step, the step's key (the same for every attempt) lets the service drop a
  // repeat; called alone (test console), each call is its own request, so a fresh key.
  run: (config, ctx) => sendHttpRequest(config, { http: ctx.http, idempotencyKey: ctx.idempotencyKey ?? randomUUID(), signal: ctx.signal }),
});

export const HTTP_TOOLS = [request];
