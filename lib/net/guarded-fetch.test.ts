import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, type GuardOptions, type Resolver } from './guarded-fetch';
import { parseAllowList } from './allow-list';
import { loopbackServer, json } from '@/lib/testing/loopback';

// The SSRF suite's connection cases. Every target is a loopback listener that must see NO TCP
// connection when the guard refuses; non-loopback classes are covered by address-class.test.ts
// on literal strings only, never by sending traffic.
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let v4: Server;
let v4b: Server; // 127.0.0.2, a loopback address other than 127.0.0.1
let v6: Server; // ::1
const all = () => [v4, v4b, v6];
beforeAll(async () => {
  const ok = (_c: unknown, res: Parameters<typeof json>[0]) => json(res, 200, { reached: true });
  v4 = await loopbackServer(ok);
  v4b = await loopbackServer(ok, '127.0.0.2', v4.port);
  v6 = await loopbackServer(ok, '::1', v4.port);
});
afterAll(() => Promise.all(all().map((s) => s.close())));

const opts = (allow = '', more: Partial<GuardOptions> = {}): GuardOptions => ({ allow: parseAllowList(allow), maxBytes: 100_000, timeoutMs: 5_000, ...more });
const stub = (map: Record<string, string[]>, calls: string[] = []): Resolver => async (host) => {
  calls.push(host);
  const found = map[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const connections = () => all().reduce((n, s) => n + s.connections, 0);

describe('guardedFetch refuses loopback in every spelling, before any connection', () => {
  const hosts = [
    '127.0.0.1', '127.1', '2130706433', '0x7f000001', '0177.0.0.1', '0x7f.0.0.1', // IPv4 forms the URL parser folds
    '127.0.0.2', '0.0.0.0', '0', // another loopback address; unspecified (Linux connects it to this host)
    '[::1]', '[::]', '[0:0:0:0:0:0:0:1]',
    '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:7f00:1]', '[::ffff:127.0.0.2]', '[::ffff:0.0.0.0]',
    'localhost', 'LOCALHOST.',
  ];
  it.each(hosts)('http://%s:PORT/', async (host) => {
    await expect(guardedFetch(`http://${host}:${v4.port}/`, {}, opts())).rejects.toMatchObject({ name: 'OutboundError', code: 'blocked' });
    expect(connections()).toBe(0);
  });

  it('a name that a resolver maps to loopback (a hosts-file entry) is refused', async () => {
    const resolve = stub({ 'intranet.test': ['127.0.0.1'] });
    await expect(guardedFetch(`http://intranet.test:${v4.port}/`, {}, opts('', { resolve }))).rejects.toMatchObject({ code: 'blocked', message: expect.stringContaining('127.0.0.1 (loopback)') });
    expect(connections()).toBe(0);
  });

  it('one refused address refuses the name, even beside a public one', async () => {
    const resolve = stub({ 'mixed.test': ['93.184.215.14', '::ffff:7f00:1'] });
    await expect(guardedFetch(`http://mixed.test:${v4.port}/`, {}, opts('', { resolve }))).rejects.toMatchObject({ code: 'blocked', message: expect.stringContaining('::ffff:7f00:1 (IPv4-mapped)') });
    expect(connections()).toBe(0);
  });

  it.each([['file:///etc/passwd'], ['data:text/plain,hi'], ['ftp://127.0.0.1:PORT/'], ['gopher://127.0.0.1:PORT/_x'], ['ws://127.0.0.1:PORT/'], ['javascript:alert(1)']])('refuses the scheme of %s', async (raw) => {
    await expect(guardedFetch(raw.replace('PORT', String(v4.port)), {}, opts(`127.0.0.1:${v4.port}`))).rejects.toMatchObject({ code: 'blocked', message: expect.stringContaining('Only http and https') });
    expect(connections()).toBe(0);
  });
});

describe('guardedFetch connects to the address it checked', () => {
  it('a host:port entry opens that loopback port, and answers status, headers, body and final URL', async () => {
    const res = await guardedFetch(`http://user:pw@127.0.0.1:${v4.port}/x?q=1`, {}, opts(`127.0.0.1:${v4.port}`));
    expect(res).toMatchObject({ status: 200, url: `http://127.0.0.1:${v4.port}/x?q=1`, redirects: 0, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(res.body.toString())).toEqual({ reached: true });
    expect(v4.calls.at(-1)?.url).toBe('/x?q=1');
  });

  it('the same entry reaches it through an IPv4-mapped spelling (same destination), but not 127.0.0.2', async () => {
    await expect(guardedFetch(`http://[::ffff:7f00:1]:${v4.port}/`, {}, opts(`127.0.0.1:${v4.port}`))).resolves.toMatchObject({ status: 200 });
    const before = v4b.connections;
    await expect(guardedFetch(`http://127.0.0.2:${v4.port}/`, {}, opts(`127.0.0.1:${v4.port}`))).rejects.toMatchObject({ code: 'blocked' });
    expect(v4b.connections).toBe(before);
  });

  it('a name known only to the resolver is connected to by its checked address: DNS is never asked', async () => {
    const calls: string[] = [];
    const res = await guardedFetch(`http://intranet.test:${v4.port}/n`, {}, opts(`intranet.test:${v4.port}`, { resolve: stub({ 'intranet.test': ['127.0.0.1'] }, calls) }));
    expect(res.status).toBe(200);
    expect(calls).toEqual(['intranet.test']);
    expect(v4.calls.at(-1)?.headers.host).toBe(`intranet.test:${v4.port}`);
  });

  it('DNS rebinding: the connection goes where the one lookup said, not where a second answer points', async () => {
    // First answer 127.0.0.1 (allowed), every later one 127.0.0.2 (not allowed), same port.
    const calls: string[] = [];
    const resolve: Resolver = async (host) => (calls.push(host), [{ address: calls.length === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }]);
    const before = { a: v4.calls.length, b: v4b.connections };
    await expect(guardedFetch(`http://rebind.test:${v4.port}/r`, {}, opts(`127.0.0.1:${v4.port}`, { resolve }))).resolves.toMatchObject({ status: 200 });
    expect(calls).toHaveLength(1);
    expect(v4.calls.length).toBe(before.a + 1);
    expect(v4b.connections).toBe(before.b);
  });
});
