import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { OutboundError } from './errors';
import type { AllowList } from './allow-list';
import type { GuardedInit } from './guarded-fetch';
import { isRedirect } from './redirect';
import { resolveChecked, systemResolver, type Resolver } from './resolve';
import { pinned } from './send';
import { hostOf, parseTarget } from './target';

export type StreamGuardOptions = {
  allow: AllowList;
  /** Largest body accepted, counted as it streams; the stream errors (too-large) past it. */
  maxBytes: number;
  /** The caller's cancellation: ends the exchange at any point, the body stream included. */
  signal?: AbortSignal;
  resolve?: Resolver;
};

/**
 * The guard for answers that must be read as they arrive (a model's token stream): the same
 * checks as `guardedFetch` (http(s) only, every address classified and connected to as checked,
 * fresh connection), but it resolves at the response headers with a streaming body, and refuses
 * redirects instead of following them (no provider API redirects; a redirect is a misconfigured
 * base URL). Returns a web `Response`, so it plugs in wherever a `fetch` is expected. Throws
 * OutboundError; a cancelled call rejects with the signal's reason.
 */
export async function guardedStreamFetch(url: string | URL, init: GuardedInit, opts: StreamGuardOptions): Promise<Response> {
  const signal = opts.signal ?? new AbortController().signal;
  const target = parseTarget(url);
  const host = hostOf(target);
  const addresses = await resolveChecked(target, opts.allow, opts.resolve ?? systemResolver, signal);
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const fail = (err: unknown) => {
      if (signal.aborted) return reject(signal.reason);
      reject(err instanceof OutboundError ? err : new OutboundError('network', `Request to ${host} failed: ${(err as Error).message}`));
    };
    const request = lib.request(target, { method: (init.method ?? 'GET').toUpperCase(), headers, agent: false, lookup: pinned(addresses), signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (isRedirect(status)) {
        res.destroy();
        return fail(new OutboundError('redirect-refused', `${host} answered with a redirect (HTTP ${status}); check the base URL`));
      }
      if (Number(res.headers['content-length']) > opts.maxBytes) {
        res.destroy();
        return fail(new OutboundError('too-large', `Response from ${host} is larger than the limit of ${opts.maxBytes} bytes`));
      }
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
      let size = 0;
      let settled = false;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const broke = (why: string) => {
            if (settled) return;
            settled = true;
            controller.error(signal.aborted ? signal.reason : new OutboundError('network', `Response from ${host} broke off${why}`));
          };
          res.on('data', (c: Buffer) => {
            if (settled) return;
            size += c.length;
            if (size > opts.maxBytes) {
              settled = true;
              res.destroy();
              return controller.error(new OutboundError('too-large', `Response from ${host} is larger than the limit of ${opts.maxBytes} bytes`));
            }
            controller.enqueue(new Uint8Array(c));
            if ((controller.desiredSize ?? 1) <= 0) res.pause();
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            controller.close();
          });
          res.on('error', (err) => broke(`: ${err.message}`));
          res.on('aborted', () => broke(''));
        },
        pull: () => void res.resume(),
        cancel: () => void res.destroy(),
      });
      const empty = status === 204 || status === 304 || init.method === 'HEAD';
      resolve(new Response(empty ? null : body, { status, headers: out }));
    });
    request.on('error', fail);
    request.end(init.body);
  });
}
