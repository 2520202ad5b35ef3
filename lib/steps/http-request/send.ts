import 'server-only';
import { OutboundError, type GuardedResponse } from '@/lib/net/guarded-fetch';
import { NonRetriableError, RetryAfterError, SsrfBlockedError, StepFailure, StepTimeoutError } from '../errors';
import type { HttpPort } from '../runtime';

export type HttpRequestConfig = {
  method: string;
  url: string;
  headers: { name: string; value: unknown; secret?: boolean }[];
  body?: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
  redirect?: 'follow' | 'refuse';
};

export type HttpResult = { status: number; headers: Record<string, string>; body: unknown };

/**
 * What sending needs from its caller: the guarded port (the run's allow-list and cancellation
 * already applied), the key a service uses to drop repeats (the same for every attempt), and the
 * caller's cancellation, checked before anything is sent.
 */
export type SendHttpOptions = { http: HttpPort; idempotencyKey: string; signal: AbortSignal };

/**
 * The one implementation of "send a request, map the outcome to the kernel's failure kinds",
 * shared by the HTTP request step and the `http.request` built-in tool. It goes through the `http`
 * port (lib/net's guard: SSRF rules on every hop, credentials dropped on a change of origin, size
 * and time caps); 429 and 5xx are worth a retry (429 with `retry-after` as a RetryAfterError),
 * other 4xx are not, and each failure carries the response as `details`.
 */
export async function sendHttpRequest(config: HttpRequestConfig, { http, idempotencyKey, signal }: SendHttpOptions): Promise<HttpResult> {
  if (signal.aborted) throw new StepFailure('The request was cancelled before it was sent');
  const headers: Record<string, string> = { 'idempotency-key': idempotencyKey, 'user-agent': 'Baton' };
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
    res = await http(config.url, { method: config.method, headers, body }, {
      maxBytes: config.maxResponseBytes,
      timeoutMs: config.timeoutMs,
      redirect: config.redirect ?? 'follow',
      secretHeaders: config.headers.filter((h) => h.secret).map((h) => h.name),
    });
  } catch (err) {
    throw asStepFailure(err);
  }
  const output: HttpResult = { status: res.status, headers: res.headers, body: parseBody(res) };
  const host = new URL(res.url).host;
  if (res.status === 429 || res.status >= 500) {
    const after = Number(res.headers['retry-after']);
    const msg = `HTTP ${res.status} from ${host}`;
    if (Number.isFinite(after) && after >= 0) throw new RetryAfterError(msg, after * 1000);
    throw Object.assign(new StepFailure(msg), { details: output });
  }
  if (res.status >= 400) throw Object.assign(new NonRetriableError(`HTTP ${res.status} from ${host}`), { details: output });
  return output;
}

/** A response body as JSON when it says it is (media types are case-insensitive), else as text. */
export function parseBody(res: GuardedResponse): unknown {
  const text = res.body.toString('utf8');
  if (!/json/i.test(res.headers['content-type'] ?? '') || !text) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Outbound failures as the kernel's kinds: only a network failure is worth a retry. */
export function asStepFailure(err: unknown): StepFailure {
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
