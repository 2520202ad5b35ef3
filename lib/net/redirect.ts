import { parseTarget } from './target';

export type OutboundRequest = { url: URL; method: string; headers: Record<string, string>; body?: string | Uint8Array };

/** The statuses the fetch standard follows. */
export const isRedirect = (status: number) => status === 301 || status === 302 || status === 303 || status === 307 || status === 308;

/** Credentials the fetch standard drops when a redirect leaves the origin; a caller adds its secret ones. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'host'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * The request for the next hop of a redirect, as the fetch standard builds it: 303 (and 301/302
 * after a POST) become a GET without body; a change of origin (scheme, host or port) drops the
 * credential headers and every header the caller marked secret. Dropped headers stay dropped
 * for later hops, even back on the first origin. The target is checked again by the caller.
 */
export function nextHop(req: OutboundRequest, status: number, location: string, secretHeaders: readonly string[]): OutboundRequest {
  const url = parseTarget(location, req.url);
  const headers = { ...req.headers };
  let { method, body } = req;
  if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    for (const h of BODY_HEADERS) delete headers[h];
  }
  if (url.origin !== req.url.origin) {
    for (const h of [...CREDENTIAL_HEADERS, ...secretHeaders.map((s) => s.toLowerCase())]) delete headers[h];
  }
  return { url, method, headers, body };
}
