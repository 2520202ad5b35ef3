import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { OutboundError } from './errors';
import type { OutboundRequest } from './redirect';
import type { ResolvedAddress } from './resolve';
import { hostOf } from './target';

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * A lookup that answers with the addresses already checked, never asking DNS again. Node calls
 * it for host names only (an IP literal is connected to as written, and was checked as written).
 */
export function pinned(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    if (!wanted.length) return callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: readonly ResolvedAddress[]) => void)(null, wanted);
    callback(null, wanted[0]!.address, wanted[0]!.family);
  };
}

/**
 * One HTTP exchange on a fresh connection to a checked address. No shared keep-alive pool: a
 * pooled socket opened for another call (another allow-list, an older DNS answer) could otherwise
 * carry this one. A body beyond `maxBytes` (announced or counted) ends the exchange; a redirect's
 * body is not read.
 */
export function sendOnce(req: OutboundRequest, addresses: readonly ResolvedAddress[], maxBytes: number, signal: AbortSignal, bodyWanted: (status: number, headers: http.IncomingHttpHeaders) => boolean): Promise<RawResponse> {
  const lib = req.url.protocol === 'https:' ? https : http;
  const host = hostOf(req.url);
  return new Promise<RawResponse>((resolve, reject) => {
    const fail = (err: unknown) => {
      if (signal.aborted) return reject(signal.reason);
      reject(err instanceof OutboundError ? err : new OutboundError('network', `Request to ${host} failed: ${(err as Error).message}`));
    };
    const request = lib.request(req.url, { method: req.method, headers: req.headers, agent: false, lookup: pinned(addresses), signal }, (res) => {
      const status = res.statusCode ?? 0;
      const announced = Number(res.headers['content-length']);
      if (!bodyWanted(status, res.headers)) {
        res.destroy();
        return resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
      }
      const tooBig = () => {
        res.destroy();
        fail(new OutboundError('too-large', `Response from ${host} is larger than the limit of ${maxBytes} bytes`));
      };
      if (announced > maxBytes) return tooBig();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return tooBig();
        chunks.push(c);
      });
      res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    request.on('error', fail);
    request.end(req.body);
  });
}
