import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a client may set to claim another host, scheme or address; honoured only behind TRUST_PROXY. */
const FORWARDING_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-for', 'x-forwarded-port', 'forwarded'];

export const trustsProxy = () => process.env.TRUST_PROXY === '1';

/**
 * Drops forwarding headers unless TRUST_PROXY=1 says a proxy in front sets them: otherwise any
 * client could pick the host Next's action check compares Origin with, or the scheme Auth.js
 * derives its cookies from.
 */
export function dropUntrustedForwarding(req: IncomingMessage): void {
  if (trustsProxy()) return;
  for (const h of FORWARDING_HEADERS) delete req.headers[h];
}

/** Served over HTTPS: through a trusted proxy that says so, or at an https AUTH_URL. */
export function servedOverHttps(req: IncomingMessage): boolean {
  if ((process.env.AUTH_URL ?? '').startsWith('https://')) return true;
  if ('encrypted' in req.socket && req.socket.encrypted) return true;
  const proto = req.headers['x-forwarded-proto'];
  return trustsProxy() && typeof proto === 'string' && proto.split(',')[0]!.trim().toLowerCase() === 'https';
}

/** Headers for every response, Next's and the webhooks' alike. */
export function setBaseSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (servedOverHttps(req)) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/**
 * The Content-Security-Policy for pages, with a fresh nonce per request. Next reads the nonce
 * from the request's CSP header and puts it on its own scripts (Next's documented nonce set-up,
 * done here in Baton's server rather than a proxy file, so the webhook fast path never pays for
 * it); 'strict-dynamic' lets those scripts load the chunks they need. Styles allow inline:
 * React Flow positions nodes with style attributes and CodeMirror injects its theme.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval': the contract and config forms check JSON Schemas in the browser with ajv
    // (lib/workflow/schema-meta.ts), which compiles validators with new Function. Dropping it
    // needs an eval-free validator there first; no script runs without the nonce either way.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Sets the CSP on the response and hands Next the nonce through the request's own CSP header. */
export function applyContentSecurityPolicy(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const csp = contentSecurityPolicy(randomBytes(16).toString('base64'), { dev, https: servedOverHttps(req) });
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', csp);
}
