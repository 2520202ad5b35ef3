import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { Readable, Transform } from 'node:stream';
import type { AllowList } from './allow-list';
import { OutboundError } from './errors';
import { resolveChecked, systemResolver, type Resolver } from './resolve';
import { pinned } from './send';
import { hostOf, parseTarget } from './target';

export type StreamFetchOptions = {
  allow: AllowList;
  /** Time until the response headers arrive; the body may then stream for as long as the caller reads it. */
  headersTimeoutMs: number;
  /** Largest body one response may carry (a long event stream included), in bytes. */
  maxBytes: number;
  resolve?: Resolver;
};

/** A `fetch` signature, for libraries that take one (the MCP SDK's transports). */
export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The outbound guard as a streaming `fetch`, for protocols whose responses are long event streams
 * (MCP over streamable HTTP) that guardedFetch, which buffers a whole body, cannot carry. Same
 * checks on every call: http(s) only, the host resolved once, every address checked against the
 * allow-list and Baton's own endpoints, the connection made to that checked address, no shared
 * pool. Redirects are never followed here: the 3xx comes back to the caller, and a hop it chooses
 * to follow is a new call, checked again. Errors are OutboundErrors.
 */
export function guardedStreamFetch(opts: StreamFetchOptions): FetchLike {
  return async (input, init = {}) => {
    const url = parseTarget(input instanceof URL ? input : String(input));
    const host = hostOf(url);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body;
    if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new OutboundError('bad-url', 'Only text or byte bodies can be sent through the outbound guard');
    }
    const headersDeadline = AbortSignal.timeout(opts.headersTimeoutMs);
    const early = init.signal ? AbortSignal.any([init.signal, headersDeadline]) : headersDeadline;
    const addresses = await resolveChecked(url, opts.allow, opts.resolve ?? systemResolver, early).catch((err) => {
      throw settleError(err, early, headersDeadline, host, opts.headersTimeoutMs);
    });
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = lib.request(url, { method, headers, agent: false, lookup: pinned(addresses) }, (res) => {
        headersDeadline.removeEventListener('abort', onEarlyAbort);
        const status = res.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        let size = 0;
        const capped = new Transform({
          transform(chunk: Buffer, _enc, done) {
            size += chunk.length;
            if (size > opts.maxBytes) return done(new OutboundError('too-large', `Response from ${host} is larger than the limit of ${opts.maxBytes} bytes`));
            done(null, chunk);
          },
        });
        res.on('error', (err) => capped.destroy(err));
        res.pipe(capped);
        capped.on('error', () => request.destroy());
        const empty = status === 204 || status === 304 || method === 'HEAD';
        if (empty) res.resume();
        resolve(new Response(empty ? null : (Readable.toWeb(capped) as ReadableStream<Uint8Array>), { status, headers: responseHeaders }));
      });
      const onEarlyAbort = () => request.destroy(settleError(new Error('aborted'), early, headersDeadline, host, opts.headersTimeoutMs));
      headersDeadline.addEventListener('abort', onEarlyAbort, { once: true });
      // The caller's signal ends the exchange at any time, the body stream included.
      const onCancel = () => request.destroy(new OutboundError('cancelled', 'Cancelled'));
      init.signal?.addEventListener('abort', onCancel, { once: true });
      const release = () => {
        init.signal?.removeEventListener('abort', onCancel);
        headersDeadline.removeEventListener('abort', onEarlyAbort);
      };
      request.once('response', (res) => res.once('close', release));
      request.once('error', release);
      request.on('error', (err) => reject(settleError(err, early, headersDeadline, host, opts.headersTimeoutMs)));
      request.end(body ?? undefined);
    });
  };
}

function settleError(err: unknown, signal: AbortSignal, deadline: AbortSignal, host: string, ms: number): OutboundError {
  if (err instanceof OutboundError) return err;
  if (deadline.aborted) return new OutboundError('timeout', `No response from ${host} within ${ms} ms`);
  if (signal.aborted) return new OutboundError('cancelled', 'Cancelled');
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return new OutboundError('network', `connection refused by ${host}`);
  return new OutboundError('network', `Request to ${host} failed: ${(err as Error).message}`);
}
