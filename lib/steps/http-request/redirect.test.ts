import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestRunner } from './run';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { testRunContext as ctx } from '@/lib/testing/run-context';

// Issue 22, item 2: a secret header reached the redirect target on another port.
let origin: Awaited<ReturnType<typeof loopbackServer>>;
let other: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
  other = await loopbackServer((_c, res) => json(res, 200, { landed: 'other' }));
  origin = await loopbackServer((call, res) => {
    if (call.url === '/cross') return res.writeHead(302, { location: `${other.url}/landing` }).end();
    if (call.url === '/same') return res.writeHead(307, { location: '/landing' }).end();
    json(res, 200, { landed: 'origin' });
  });
});
afterAll(() => Promise.all([origin.close(), other.close()]));

const allowBoth = () => [`127.0.0.1:${origin.port}`, `127.0.0.1:${other.port}`];
const headers = [
  { name: 'Authorization', value: 'Bearer step-secret' },
  { name: 'X-Api-Key', value: 'key-secret', secret: true },
  { name: 'Cookie', value: 'sid=cookie-secret' },
  { name: 'X-Trace', value: 'plain' },
];
const run = (path: string, extra: object = {}) =>
  httpRequestRunner.run({ method: 'GET', url: `${origin.url}${path}`, headers, timeoutMs: 5000, maxResponseBytes: 100_000, ...extra } as never, null, ctx(allowBoth()));

describe('HTTP step redirects', () => {
  it('drops authorization, cookie and headers marked secret when the redirect changes origin (port)', async () => {
    const out = await run('/cross');
    expect(out.output).toMatchObject({ status: 200, body: { landed: 'other' } });
    const landed = other.calls.at(-1)!;
    expect(landed.url).toBe('/landing');
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers.cookie).toBeUndefined();
    expect(landed.headers['x-api-key']).toBeUndefined();
    expect(landed.headers['x-trace']).toBe('plain');
    expect(JSON.stringify(other.calls)).not.toMatch(/secret/);
  });

  it('keeps them on a same-origin redirect', async () => {
    await run('/same');
    const landed = origin.calls.at(-1)!;
    expect(landed.url).toBe('/landing');
    expect(landed.headers.authorization).toBe('Bearer step-secret');
    expect(landed.headers['x-api-key']).toBe('key-secret');
  });

  it('refuses to follow any redirect when the step says so, and never contacts the target', async () => {
    const before = other.connections;
    await expect(run('/cross', { redirect: 'refuse' })).rejects.toMatchObject({ kind: 'NonRetriableError', message: expect.stringContaining('redirect') });
    expect(other.connections).toBe(before);
  });
});
