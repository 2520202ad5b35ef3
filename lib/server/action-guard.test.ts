import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { checkActionBody, checkOrigin } from './action-guard';
import { contentSecurityPolicy, dropUntrustedForwarding, servedOverHttps } from './security-headers';

const req = (headers: Record<string, string>) => ({ headers: { ...headers }, socket: {} }) as unknown as IncomingMessage;
const env = { ...process.env };
afterEach(() => {
  process.env = { ...env };
});

describe('checkOrigin', () => {
  it('admits an action from a page of the host it was sent to', () => {
    expect(checkOrigin(req({ host: 'baton.local:3000', origin: 'http://baton.local:3000' }))).toBeNull();
  });
  it('refuses no Origin, a foreign one, and one that is not a URL, with 403', () => {
    expect(checkOrigin(req({ host: 'baton.local' }))).toMatchObject({ status: 403 });
    expect(checkOrigin(req({ host: 'baton.local', origin: 'http://evil.example' }))).toMatchObject({ status: 403, error: expect.stringContaining('evil.example') });
    expect(checkOrigin(req({ host: 'baton.local', origin: 'null' }))).toMatchObject({ status: 403 });
  });
  it('takes X-Forwarded-Host as the host only behind TRUST_PROXY', () => {
    const forged = { host: 'baton.local', origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' };
    expect(checkOrigin(req(forged))).toMatchObject({ status: 403 });
    process.env.TRUST_PROXY = '1';
    expect(checkOrigin(req({ host: 'internal:3000', origin: 'https://baton.example.com', 'x-forwarded-host': 'baton.example.com' }))).toBeNull();
  });
  it("accepts AUTH_URL's host", () => {
    process.env.AUTH_URL = 'https://baton.example.com';
    expect(checkOrigin(req({ host: 'internal:3000', origin: 'https://baton.example.com' }))).toBeNull();
  });
});

describe('checkActionBody', () => {
  const text = 'text/plain;charset=UTF-8';
  it("takes React's encoding of plain arguments", () => {
    expect(checkActionBody(text, Buffer.from('[{"email":"a@b.co","price":"$$5","when":"$D2026-01-01T00:00:00.000Z","n":"$n12","u":"$undefined"}]'))).toBeNull();
  });
  it('refuses what Next would fail to decode, saying why', () => {
    expect(checkActionBody('multipart/form-data', Buffer.from('[]'))).toMatchObject({ status: 415 });
    expect(checkActionBody(text, Buffer.from('garbage'))).toMatchObject({ status: 400, error: expect.stringContaining('not JSON') });
    expect(checkActionBody(text, Buffer.from('null'))).toMatchObject({ status: 400, error: expect.stringContaining('array') });
    expect(checkActionBody(text, Buffer.from('["$@1"]'))).toMatchObject({ status: 400, error: expect.stringContaining('$@1') });
    expect(checkActionBody(text, Buffer.from('[{"a":["$K1"]}]'))).toMatchObject({ status: 400 });
    expect(checkActionBody(text, Buffer.from('["$Dnot a date"]'))).toMatchObject({ status: 400 });
    expect(checkActionBody(text, Buffer.from('['.repeat(300) + ']'.repeat(300)))).toMatchObject({ status: 400, error: expect.stringContaining('deeper') });
    // What PostgreSQL's JSON cannot store, in values and in keys.
    expect(checkActionBody(text, Buffer.from('[{"draft":"a\\u0000b"}]'))).toMatchObject({ status: 400, error: expect.stringContaining('U+0000') });
    expect(checkActionBody(text, Buffer.from('[{"a\\ud800":1}]'))).toMatchObject({ status: 400, error: expect.stringContaining('surrogate') });
    expect(checkActionBody(text, Buffer.from('["\\ud83d\\ude00"]'))).toBeNull();
  });
});

describe('security headers', () => {
  it('the CSP has a nonce, no inline script, frame-ancestors none; upgrade-insecure-requests only over HTTPS', () => {
    const csp = contentSecurityPolicy('abc', { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('abc', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });
  it('forwarding headers are dropped, and X-Forwarded-Proto ignored, unless TRUST_PROXY=1', () => {
    const r = req({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '1.2.3.4', forwarded: 'for=1.2.3.4' });
    expect(servedOverHttps(r)).toBe(false);
    dropUntrustedForwarding(r);
    expect(r.headers).toEqual({});
    process.env.TRUST_PROXY = '1';
    const behind = req({ 'x-forwarded-proto': 'https' });
    dropUntrustedForwarding(behind);
    expect(servedOverHttps(behind)).toBe(true);
  });
  it('an https AUTH_URL means HTTPS', () => {
    process.env.AUTH_URL = 'https://baton.example.com';
    expect(servedOverHttps(req({}))).toBe(true);
  });
});
