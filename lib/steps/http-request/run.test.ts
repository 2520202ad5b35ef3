import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestRunner } from './run';
import { httpRequest } from './definition';
import { callStep } from '../call-step';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { testRunContext as ctx } from '@/lib/testing/run-context';

let srv: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
  srv = await loopbackServer((call, res) => {
    if (call.url === '/redirect-private') return res.writeHead(302, { location: `http://127.0.0.1:${srv.port}/ok` }).end();
    if (call.url === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    if (call.url === '/busy') return json(res, 429, { error: 'busy' }, { 'retry-after': '3' });
    if (call.url === '/gone') return json(res, 404, { error: 'gone' });
    json(res, 200, { ok: true, echo: call.body ? JSON.parse(call.body) : null });
  });
});
afterAll(() => srv.close());

const cfg = (url: string, extra: object = {}) => ({ method: 'POST', url, headers: [], body: { a: 1 }, timeoutMs: 5000, maxResponseBytes: 1_000_000, ...extra });
const run = (c: object, allowed: string[]) => httpRequestRunner.run(c as never, null, ctx(allowed));

describe('HTTP request step', () => {
  it('calls an allowed host with the idempotency key and parses JSON', async () => {
    const out = await run(cfg(`${srv.url}/ok`), [`127.0.0.1:${srv.port}`]);
    expect(out.output).toMatchObject({ status: 200, body: { ok: true, echo: { a: 1 } } });
    expect(srv.calls.at(-1)?.headers['idempotency-key']).toBe('r:s');
  });

  it('refuses loopback and private addresses unless allowed, by IP and by name', async () => {
    await expect(run(cfg(`${srv.url}/ok`), [])).rejects.toMatchObject({ kind: 'SsrfBlocked', message: expect.stringContaining('private or loopback') });
    await expect(run(cfg(`http://localhost:${srv.port}/ok`), [])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    await expect(run(cfg('http://169.254.169.254/latest/meta-data'), [])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
  });

  it('checks every redirect hop', async () => {
    await expect(run(cfg(`http://localhost:${srv.port}/redirect-private`), [`localhost:${srv.port}`])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
  });

  it('limits the response size', async () => {
    await expect(run(cfg(`${srv.url}/big`, { maxResponseBytes: 1000 }), [`127.0.0.1:${srv.port}`])).rejects.toMatchObject({ kind: 'NonRetriableError', message: expect.stringContaining('larger than the limit') });
  });

  it('maps 429 with Retry-After and 4xx to the right failure kinds', async () => {
    await expect(run(cfg(`${srv.url}/busy`), [`127.0.0.1:${srv.port}`])).rejects.toMatchObject({ kind: 'RetryAfterError', retryAfterMs: 3000 });
    await expect(run(cfg(`${srv.url}/gone`), [`127.0.0.1:${srv.port}`])).rejects.toMatchObject({ kind: 'NonRetriableError' });
  });

  it('gets sealed secret headers revealed by the driver (callStep), only when sending', async () => {
    const { seal } = await import('@/lib/crypto/secret-box');
    const sealed = seal('s3cret-token');
    expect(sealed).not.toContain('s3cret');
    const config = cfg(`${srv.url}/ok`, { headers: [{ name: 'Authorization', value: sealed, secret: true }] });
    await callStep(httpRequest, httpRequestRunner, config, null, ctx([`127.0.0.1:${srv.port}`]));
    expect(srv.calls.at(-1)?.headers.authorization).toBe('s3cret-token');
  });
});
