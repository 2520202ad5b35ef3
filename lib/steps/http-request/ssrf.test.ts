import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestRunner } from './run';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { testRunContext as ctx } from '@/lib/testing/run-context';

// Issue 22, item 1: the IPv4-mapped forms the URL parser rewrites to hex reached loopback.
let target: Awaited<ReturnType<typeof loopbackServer>>;
let second: Awaited<ReturnType<typeof loopbackServer>>;
let origin: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  target = await loopbackServer((_c, res) => json(res, 200, { reached: true }));
  second = await loopbackServer((_c, res) => json(res, 200, { reached: true }), '127.0.0.2');
  origin = await loopbackServer((call, res) => res.writeHead(302, { location: decodeURIComponent(call.url.slice('/to/'.length)) }).end());
});
afterAll(() => Promise.all([target.close(), second.close(), origin.close()]));

const get = (url: string, allowed: string[] = []) =>
  httpRequestRunner.run({ method: 'GET', url, headers: [], timeoutMs: 5000, maxResponseBytes: 100_000 } as never, null, ctx(allowed));

describe('HTTP step: IPv4-mapped loopback is refused with no allow-list', () => {
  it.each(['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:7f00:1]'])('http://%s:PORT never connects', async (host) => {
    await expect(get(`http://${host}:${target.port}/`)).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    expect(target.connections).toBe(0);
  });

  it('http://[::ffff:127.0.0.2]:PORT never connects (a listener on 127.0.0.2)', async () => {
    await expect(get(`http://[::ffff:127.0.0.2]:${second.port}/`)).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    expect(second.connections).toBe(0);
  });

  it('a redirect from an allowed origin to a mapped form is refused before connecting', async () => {
    const to = encodeURIComponent(`http://[::ffff:7f00:1]:${target.port}/`);
    await expect(get(`${origin.url}/to/${to}`, [`127.0.0.1:${origin.port}`])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    expect(origin.calls).toHaveLength(1);
    expect(target.connections).toBe(0);
  });
});
