/**
 * The client address as set by Baton's server (scripts/serve.ts overwrites this header from the
 * socket on every request, so a client cannot forge it). Behind a proxy, set TRUST_PROXY=1 to
 * use the first X-Forwarded-For hop instead.
 */
export const CLIENT_IP_HEADER = 'x-baton-client-ip';

export function clientIp(headers: Headers): string {
  if (process.env.TRUST_PROXY === '1') {
    const fwd = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  return headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}
