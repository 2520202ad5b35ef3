import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { HttpPort } from '@/lib/steps/runtime';
import { OutboundError } from '@/lib/net/errors';
import { CredentialError } from './errors';
import type { CredentialSecret } from './types';

type ClientCredentials = Extract<CredentialSecret, { kind: 'oauth2_client_credentials' }>;
type Cached = { token: string; expiresAt: number };

/** Without an `expires_in`, a token is trusted this long (RFC 6749 leaves it to the server). */
const DEFAULT_LIFETIME_S = 300;
/** A token is refreshed this long before it expires (at most a tenth of its lifetime), so it never expires in flight. */
const REFRESH_MARGIN_MS = 30_000;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});
const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Access tokens of OAuth2 client-credentials grants, cached per process until shortly before
 * they expire, with one token request in flight per credential however many calls wait for it.
 * The cache key includes a hash of the whole secret, so replacing a secret never reuses a token
 * fetched with the old one.
 */
export class OAuth2TokenCache {
  private readonly tokens = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();

  constructor(private readonly now: () => number = Date.now) {}

  async token(secret: ClientCredentials, cacheKey: string, http: HttpPort, signal: AbortSignal): Promise<string> {
    const key = `${cacheKey}:${createHash('sha256').update(JSON.stringify(secret)).digest('base64url')}`;
    const cached = this.tokens.get(key);
    if (cached && this.now() < cached.expiresAt) return cached.token;
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = this.fetchToken(secret, http).then(
        (t) => {
          this.tokens.set(key, t);
          this.pending.delete(key);
          return t;
        },
        (err: unknown) => {
          this.pending.delete(key);
          throw err;
        },
      );
      this.pending.set(key, inFlight);
    }
    // Each caller may give up on its own signal; the shared request goes on for the others.
    return (await abortable(inFlight, signal)).token;
  }

  /** Forgets every cached token (tests; an admin's "sign in again" later). */
  clear(): void {
    this.tokens.clear();
  }

  private async fetchToken(s: ClientCredentials, http: HttpPort): Promise<Cached> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (s.scope) form.set('scope', s.scope);
    if (s.audience) form.set('audience', s.audience);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (s.clientAuth === 'post') {
      form.set('client_id', s.clientId);
      form.set('client_secret', s.clientSecret);
    } else {
      // RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(s.clientId)}:${encodeURIComponent(s.clientSecret)}`).toString('base64')}`;
    }
    const host = safeHost(s.tokenUrl);
    const started = this.now();
    let res;
    try {
      // Redirects refused: the request carries the client secret and must reach this endpoint only.
      res = await http(s.tokenUrl, { method: 'POST', headers, body: form.toString() }, { maxBytes: 64 * 1024, timeoutMs: 15_000, redirect: 'refuse' });
    } catch (err) {
      const why = err instanceof OutboundError ? err.message : 'the request failed';
      throw new CredentialError('token-endpoint', scrub(`OAuth2 token endpoint ${host} could not be reached: ${why}`, s));
    }
    const body = parseJson(res.body.toString('utf8'));
    if (res.status < 200 || res.status >= 300) {
      const e = errorResponse.safeParse(body);
      const detail = e.success ? `: ${e.data.error}${e.data.error_description ? ` (${e.data.error_description.slice(0, 200)})` : ''}` : '';
      throw new CredentialError('token-endpoint', scrub(`OAuth2 token endpoint ${host} refused the client credentials with HTTP ${res.status}${detail}`, s));
    }
    const ok = tokenResponse.safeParse(body);
    if (!ok.success) throw new CredentialError('token-endpoint', `OAuth2 token endpoint ${host} answered without an access_token (HTTP ${res.status})`);
    const lifetimeMs = (ok.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    return { token: ok.data.access_token, expiresAt: started + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10) };
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
};

/** A token endpoint's own words may echo what it was sent: the client secret never survives into a message. */
function scrub(message: string, s: ClientCredentials): string {
  let out = message;
  for (const v of [s.clientSecret, encodeURIComponent(s.clientSecret)]) out = out.split(v).join('[secret]');
  return out;
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
