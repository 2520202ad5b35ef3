import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isSealed, unseal } from '@/lib/crypto/secret-box';
import { schemaProblems } from './schema-check';

export type WebhookAuth = { kind: 'none' } | { kind: 'header'; header: string; token: string } | { kind: 'hmac'; header: string; secret: string };

/** Validates a body against the trigger's JSON Schema. */
export const bodyProblems = (schema: Record<string, unknown> | undefined, body: unknown) => schemaProblems(schema, body, 'body');

const reveal = (v: string) => (isSealed(v) ? unseal(v) : v);
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Checks the trigger's optional credential: a header token, or `sha256=<hex>` HMAC of the raw
 * body. Comparisons are constant-time. Returns null when the request may pass.
 */
export function authProblem(auth: WebhookAuth, headers: Record<string, string | string[] | undefined>, rawBody: Buffer): string | null {
  if (auth.kind === 'none') return null;
  const got = headers[auth.header.toLowerCase()];
  const value = Array.isArray(got) ? got[0] : got;
  if (!value) return `Missing the ${auth.header} header`;
  if (auth.kind === 'header') return same(value, reveal(auth.token)) ? null : `Wrong token in ${auth.header}`;
  const expected = `sha256=${createHmac('sha256', reveal(auth.secret)).update(rawBody).digest('hex')}`;
  return same(value, expected) ? null : `Bad signature in ${auth.header}: expected sha256=<hex HMAC-SHA256 of the body>`;
}
