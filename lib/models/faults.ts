import 'server-only';
import { APICallError, InvalidPromptError, LoadAPIKeyError, NoSuchModelError, RetryError, UnsupportedFunctionalityError } from 'ai';
import { OutboundError } from '@/lib/net/guarded-fetch';
import { NonRetriableError, RetryAfterError, SsrfBlockedError, StepFailure, StepTimeoutError } from '@/lib/steps/errors';

/**
 * A provider call's failure as the engine's kinds, so the step's policy decides what happens:
 * 429 with retry-after → RetryAfterError (the policy waits that long); 429 without it, 408, 409,
 * 5xx, a broken connection or a malformed answer → retriable; other 4xx (bad request, bad key, no
 * access, unknown model) → NonRetriableError carrying the provider's own message; the guard's
 * refusal → SsrfBlocked, with what to add to the allow-list. Messages never carry the key.
 */
export function providerFault(err: unknown, providerName: string): StepFailure {
  if (err instanceof StepFailure) return err;
  const cause = RetryError.isInstance(err) ? err.lastError : err;
  const outbound = findOutbound(cause);
  if (outbound) return fromOutbound(outbound);
  if (APICallError.isInstance(cause)) return fromApiCall(cause, providerName);
  // The request itself is wrong (empty prompt, a feature the model lacks): sending it again cannot help.
  if (InvalidPromptError.isInstance(cause) || UnsupportedFunctionalityError.isInstance(cause) || NoSuchModelError.isInstance(cause) || LoadAPIKeyError.isInstance(cause)) {
    return new NonRetriableError(`${providerName}: ${cause.message}`);
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new StepFailure(`${providerName}: ${message}`);
}

function fromApiCall(e: APICallError, providerName: string): StepFailure {
  const status = e.statusCode;
  const said = providerMessage(e);
  if (status === undefined) return new StepFailure(`${providerName}: ${said}`);
  const msg = `${providerName} answered HTTP ${status}: ${said}`;
  if (status === 429) {
    const after = retryAfterMs(e.responseHeaders ?? {});
    return after === null ? new StepFailure(msg) : new RetryAfterError(msg, after);
  }
  if (status >= 500 || status === 408 || status === 409) return new StepFailure(msg);
  return new NonRetriableError(msg);
}

/** The provider's words: OpenAI and Anthropic both answer `{error: {message}}`; else the SDK's message. */
function providerMessage(e: APICallError): string {
  try {
    const body = JSON.parse(e.responseBody ?? '') as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof m === 'string' && m.trim()) return m.trim().slice(0, 500);
  } catch {
    // Not JSON: the SDK's message says what happened.
  }
  return e.message.slice(0, 500);
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date; null if absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(h['retry-after-ms']);
  if (h['retry-after-ms'] && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = h['retry-after']?.trim();
  if (!raw) return null;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function fromOutbound(e: OutboundError): StepFailure {
  switch (e.code) {
    case 'blocked':
      return new SsrfBlockedError(e.message);
    case 'timeout':
      return new StepTimeoutError(e.message);
    case 'network':
    case 'cancelled':
      return new StepFailure(e.message);
    default:
      return new NonRetriableError(e.message);
  }
}

function findOutbound(err: unknown): OutboundError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof OutboundError) return e;
  return undefined;
}
