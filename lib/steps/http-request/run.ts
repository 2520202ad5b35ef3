import 'server-only';
import { OutboundError, type GuardedResponse } from '@/lib/net/guarded-fetch';
import { NonRetriableError, RetryAfterError, SsrfBlockedError, StepFailure, StepTimeoutError } from '../errors';
import type { AsyncRunner } from '../runtime';

export type HttpRequestConfig = {
  method: string;
  url: string;
  headers: { name: string; value: unknown; secret?: boolean }[];
  body?: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
  redirect?: 'follow' | 'refuse';
};

/**
 * Calls an HTTP API through the run's `http` port (lib/net's guard (SSRF rules on every hop, credentials dropped on a
 * change of origin, size and time caps) with the run's idempotency key, and maps the outcome to
 * the kernel's failure kinds.
 */
export const httpRequestRunner: AsyncRunner = {
  kind: 'async',
  run: async (config: HttpRequestConfig, _input, ctx) => {
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey, 'user-agent': 'Baton' };
    for (const h of config.headers) {
      const v = typeof h.value === 'string' ? h.value : JSON.stringify(h.value);
      headers[h.name.toLowerCase()] = v;
    }
    let body: string | undefined;
    if (config.body !== undefined && config.body !== null && config.method !== 'GET' && config.method !== 'HEAD') {
      body = typeof config.body === 'string' ? config.body : JSON.stringify(config.body);
      if (typeof config.body !== 'string') headers['content-type'] ??= 'application/json';
    }
    let res: GuardedResponse;
    try {
      res = await ctx.http(config.url, { method: config.method, headers, body }, {
        maxBytes: config.maxResponseBytes,
        timeoutMs: config.timeoutMs,
        redirect: config.redirect ?? 'follow',
        secretHeaders: config.headers.filter((h) => h.secret).map((h) => h.name),
      });
    } catch (err) {
      throw asStepFailure(err);
    }
    const output = { status: res.status, headers: res.headers, body: parseBody(res) };
    const host = new URL(res.url).host;
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers['retry-after']);
      const msg = `HTTP ${res.status} from ${host}`;
      if (Number.isFinite(after) && after >= 0) throw new RetryAfterError(msg, after * 1000);
      throw Object.assign(new StepFailure(msg), { details: output });
    }
    if (res.status >= 400) throw Object.assign(new NonRetriableError(`HTTP ${res.status} from ${host}`), { details: output });
    return { output };
  },
};

function parseBody(res: GuardedResponse): unknown {
  const text = res.body.toString('utf8');
  if (!(res.headers['content-type'] ?? '').includes('json') || !text) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Outbound failures as the kernel's kinds: only a network failure is worth a retry. */
function asStepFailure(err: unknown): StepFailure {
  if (!(err instanceof OutboundError)) return err instanceof StepFailure ? err : new StepFailure(String((err as Error)?.message ?? err));
  switch (err.code) {
    case 'blocked':
      return new SsrfBlockedError(err.message);
    case 'timeout':
      return new StepTimeoutError(err.message);
    case 'network':
    case 'cancelled':
      return new StepFailure(err.message);
    default:
      return new NonRetriableError(err.message);
  }
}
