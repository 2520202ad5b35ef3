import 'server-only';
import { OutboundError } from './errors';
import type { AllowList } from './allow-list';
import { isRedirect, nextHop, type OutboundRequest } from './redirect';
import { resolveChecked, systemResolver, type Resolver } from './resolve';
import { sendOnce } from './send';
import { hostOf, parseTarget } from './target';

export { OutboundError, type OutboundErrorCode } from './errors';
export type { AllowList } from './allow-list';
export type { Resolver } from './resolve';

export type GuardedInit = { method?: string; headers?: Record<string, string>; body?: string | Uint8Array };

export type GuardOptions = {
  /** Private, loopback and other non-public destinations an admin opened (`allowListFromEnv()`). */
  allow: AllowList;
  /** Largest response body accepted, in bytes. */
  maxBytes: number;
  /** The whole call (DNS, connections, every redirect hop, the body) ends after this. */
  timeoutMs: number;
  /** 'follow' (default) checks every hop again; 'refuse' fails on the first redirect. */
  redirect?: 'follow' | 'refuse';
  maxRedirects?: number;
  /** Headers that, with authorization, cookie and proxy-authorization, never cross to another origin. */
  secretHeaders?: readonly string[];
  /** The caller's cancellation (a run step's signal). */
  signal?: AbortSignal;
  /** Name resolution; the system's by default. Tests map names to loopback with it. */
  resolve?: Resolver;
};

export type GuardedResponse = {
  status: number;
  /** Response headers, lower-case, repeated ones joined; set-cookie is kept apart. */
  headers: Record<string, string>;
  setCookie: string[];
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
};

export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * The one way Baton calls out (HTTP steps, error webhooks; tools, MCP, OpenAPI imports and model
 * providers next). Every hop: http(s) only, the host resolved once, every address classified
 * from its bytes and checked against the allow-list and Baton's own endpoints, then connected to
 * by that checked address (no second lookup). Redirects are followed by hand, each hop checked,
 * credentials dropped on a change of origin. Size and time are capped. Throws OutboundError.
 */
export async function guardedFetch(url: string | URL, init: GuardedInit, opts: GuardOptions): Promise<GuardedResponse> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  let req: OutboundRequest = { url: parseTarget(url), method: (init.method ?? 'GET').toUpperCase(), headers, body: init.body };
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await resolveChecked(req.url, opts.allow, opts.resolve ?? systemResolver, signal);
      const res = await sendOnce(req, addresses, opts.maxBytes, signal, (status, headers) => !(isRedirect(status) && headers.location));
      const location = res.headers.location;
      if (!isRedirect(res.status) || !location) return toResponse(res, req.url, redirects);
      if (opts.redirect === 'refuse') {
        throw new OutboundError('redirect-refused', `${hostOf(req.url)} answered with a redirect (HTTP ${res.status}), and this call does not follow redirects`);
      }
      if (redirects >= maxRedirects) throw new OutboundError('too-many-redirects', `More than ${maxRedirects} redirects from ${hostOf(req.url)}`);
      req = nextHop(req, res.status, location, opts.secretHeaders ?? []);
    }
  } catch (err) {
    if (err instanceof OutboundError) throw err;
    if (deadline.aborted) throw new OutboundError('timeout', `No complete response from ${hostOf(req.url)} within ${opts.timeoutMs} ms`);
    if (signal.aborted) throw new OutboundError('cancelled', 'Cancelled');
    throw new OutboundError('network', `Request to ${hostOf(req.url)} failed: ${(err as Error).message}`);
  }
}

function toResponse(res: Awaited<ReturnType<typeof sendOnce>>, url: URL, redirects: number): GuardedResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'set-cookie') headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return { status: res.status, headers, setCookie: res.headers['set-cookie'] ?? [], body: res.body, url: shown.toString(), redirects };
}
