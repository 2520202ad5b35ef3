import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, type GuardOptions } from './guarded-fetch';
import { parseAllowList } from './allow-list';
import { loopbackServer, json } from '@/lib/testing/loopback';

// Redirects, each hop checked again; credentials never cross to another origin (another port here).
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let origin: Server; // allowed; redirects wherever /to/<encoded url> says
let other: Server; // a second origin (another port), allowed only where a test says so
beforeAll(async () => {
  other = await loopbackServer((call, res) => {
    if (call.url.startsWith('/back')) return res.writeHead(302, { location: `${origin.url}/landing` }).end();
    json(res, 200, { at: 'other', method: call.method, body: call.body });
  });
  origin = await loopbackServer((call, res) => {
    const m = /^\/(\d{3})\/to\/(.+)$/.exec(call.url);
    if (m) return res.writeHead(Number(m[1]), { location: decodeURIComponent(m[2]!) }).end();
    if (call.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (call.url === '/no-location') return res.writeHead(302).end('nowhere to go');
    json(res, 200, { at: 'origin', method: call.method, body: call.body });
  });
});
afterAll(() => Promise.all([origin.close(), other.close()]));

const via = (status: number, to: string) => `${origin.url}/${status}/to/${encodeURIComponent(to)}`;
const opts = (allow: string[], more: Partial<GuardOptions> = {}): GuardOptions => ({ allow: parseAllowList(allow.join(',')), maxBytes: 100_000, timeoutMs: 5_000, ...more });
const onlyOrigin = () => opts([`127.0.0.1:${origin.port}`]);
const both = (more: Partial<GuardOptions> = {}) => opts([`127.0.0.1:${origin.port}`, `127.0.0.1:${other.port}`], more);
const secrets = { authorization: 'Bearer tok-secret', cookie: 'sid=cookie-secret', 'proxy-authorization': 'Basic proxy-secret', 'x-api-key': 'key-secret', 'x-trace': 'plain' };

describe('every redirect hop is checked again', () => {
  it.each([
    ['an IPv4-mapped hex form', () => `http://[::ffff:7f00:1]:${other.port}/`],
    ['a folded IPv4 form', () => `http://2130706433:${other.port}/`],
    ['localhost', () => `http://localhost:${other.port}/`],
    ['the unspecified address', () => `http://0.0.0.0:${other.port}/`],
    ['IPv6 loopback', () => `http://[::1]:${other.port}/`],
  ])('a redirect to %s on a port not allowed is refused before connecting', async (_name, to) => {
    const before = other.connections;
    await expect(guardedFetch(via(302, to()), {}, onlyOrigin())).rejects.toMatchObject({ code: 'blocked' });
    expect(other.connections).toBe(before);
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/_', 'data:text/plain,x'])('a redirect to %s is refused', async (to) => {
    await expect(guardedFetch(via(302, to), {}, onlyOrigin())).rejects.toMatchObject({ code: 'blocked', message: expect.stringContaining('Only http and https') });
  });

  it('a 3xx without Location is the answer, body included', async () => {
    const res = await guardedFetch(`${origin.url}/no-location`, {}, onlyOrigin());
    expect(res).toMatchObject({ status: 302, redirects: 0 });
    expect(res.body.toString()).toBe('nowhere to go');
  });

  it('stops after the redirect limit', async () => {
    await expect(guardedFetch(`${origin.url}/loop`, {}, { ...onlyOrigin(), maxRedirects: 3 })).rejects.toMatchObject({ code: 'too-many-redirects' });
  });

  it("redirect: 'refuse' fails on the first redirect and never contacts its target", async () => {
    const before = other.connections;
    await expect(guardedFetch(via(307, `${other.url}/x`), {}, both({ redirect: 'refuse' }))).rejects.toMatchObject({ code: 'redirect-refused' });
    expect(other.connections).toBe(before);
  });
});

describe('credentials on redirect', () => {
  it('a change of origin (port) drops authorization, cookie, proxy-authorization and the secret headers named', async () => {
    const res = await guardedFetch(via(302, `${other.url}/landing`), { headers: secrets }, both({ secretHeaders: ['X-Api-Key'] }));
    expect(res).toMatchObject({ status: 200, url: `${other.url}/landing`, redirects: 1 });
    const landed = other.calls.at(-1)!;
    expect(landed.url).toBe('/landing');
    for (const h of ['authorization', 'cookie', 'proxy-authorization', 'x-api-key']) expect(landed.headers[h], h).toBeUndefined();
    expect(landed.headers['x-trace']).toBe('plain');
    expect(JSON.stringify(landed)).not.toMatch(/secret/);
  });

  it('a same-origin redirect keeps them', async () => {
    await guardedFetch(via(302, '/same'), { headers: secrets }, both({ secretHeaders: ['x-api-key'] }));
    const landed = origin.calls.at(-1)!;
    expect(landed.url).toBe('/same');
    expect(landed.headers).toMatchObject({ authorization: 'Bearer tok-secret', cookie: 'sid=cookie-secret', 'x-api-key': 'key-secret' });
  });

  it('once dropped they stay dropped, even when a later hop returns to the first origin', async () => {
    await guardedFetch(via(302, `${other.url}/back`), { headers: secrets }, both({ secretHeaders: ['x-api-key'] }));
    const back = origin.calls.at(-1)!;
    expect(back.url).toBe('/landing');
    expect(back.headers.authorization).toBeUndefined();
    expect(back.headers['x-api-key']).toBeUndefined();
  });
});

describe('methods and bodies on redirect, as the fetch standard says', () => {
  it('303 turns a POST into a GET without body or content-type', async () => {
    const res = await guardedFetch(via(303, '/after'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, onlyOrigin());
    expect(JSON.parse(res.body.toString())).toMatchObject({ method: 'GET', body: '' });
    expect(origin.calls.at(-1)?.headers['content-type']).toBeUndefined();
  });

  it('307 keeps the method and the body', async () => {
    const res = await guardedFetch(via(307, '/after'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, onlyOrigin());
    expect(JSON.parse(res.body.toString())).toMatchObject({ method: 'PUT', body: '{"a":1}' });
  });
});
