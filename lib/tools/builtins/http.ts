import 'server-only';
import { randomUUID } from 'node:crypto';
import { httpRequestRunner, type HttpRequestConfig } from '@/lib/steps/http-request/run';
import type { RunContext } from '@/lib/steps/runtime';
import { defineBuiltin, object } from './define';
import type { ToolRunContext } from '../types';

const refuse = () => Promise.reject(new Error('not available to a built-in tool'));

/**
 * The HTTP step's runner is the one implementation of "send a request, map the outcome to the
 * kernel's failure kinds"; the tool hands it the tool context's guarded port and cancellation.
 * It reads only `http` and `idempotencyKey`; the other ports refuse, so a later change to the
 * runner that needs more shows up as an error here, not as a silent different behaviour.
 */
function stepContextOf(ctx: ToolRunContext): RunContext {
  // The registry may pass the calling step's key (the same for every attempt); a fresh key otherwise.
  const idempotencyKey = (ctx as ToolRunContext & { idempotencyKey?: string }).idempotencyKey ?? randomUUID();
  return {
    runId: '',
    stepId: '',
    attempt: 1,
    idempotencyKey,
    signal: ctx.signal,
    http: ctx.http,
    tools: { call: refuse },
    model: { generate: refuse },
    emit: () => {},
    trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16) },
    children: { run: (_key, effect) => effect() },
  };
}

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
  run: async (config, ctx) => (await httpRequestRunner.run(config as never, null, stepContextOf(ctx))).output,
});

export const HTTP_TOOLS = [request];
