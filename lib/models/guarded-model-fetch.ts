import 'server-only';
import { guardedStreamFetch, type StreamGuardOptions } from '@/lib/net/guarded-stream';

/** The most a provider's answer may weigh (a long completion streamed as SSE stays far below it). */
export const MAX_MODEL_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * A `fetch` for the AI SDK's providers that goes through lib/net's guard: every provider call
 * is checked like any other outbound call (a local Ollama needs a BATON_ALLOWED_HOSTS entry) and
 * streams. The SDK's abort signal and the caller's (the step's) both cancel it.
 */
export function guardedModelFetch(opts: Omit<StreamGuardOptions, 'maxBytes'> & { maxBytes?: number }): typeof fetch {
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input;
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    const signals = [init?.signal, opts.signal].filter((s): s is AbortSignal => !!s);
    return guardedStreamFetch(url, { method: init?.method ?? 'GET', headers, body: await bodyOf(init?.body) }, {
      allow: opts.allow,
      resolve: opts.resolve,
      maxBytes: opts.maxBytes ?? MAX_MODEL_RESPONSE_BYTES,
      signal: signals.length ? AbortSignal.any(signals) : undefined,
    });
  };
  return guarded as typeof fetch;
}

/** Provider clients send JSON strings; anything else is read whole (none streams a request). */
async function bodyOf(body: RequestInit['body']): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}
