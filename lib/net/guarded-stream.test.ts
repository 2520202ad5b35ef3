import { afterEach, describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list';
import { OutboundError } from './errors';
import { guardedStreamFetch } from './guarded-stream';
import { loopbackServer } from '@/lib/testing/loopback';

let server: Awaited<ReturnType<typeof loopbackServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const allow = (port: number) => parseAllowList(`127.0.0.1:${port}`);

describe('guardedStreamFetch', () => {
  it('refuses a loopback address that is not on the allow-list before connecting', async () => {
    server = await loopbackServer((_c, res) => res.end('no'));
    const err = await guardedStreamFetch(server.url, {}, { allow: parseAllowList(''), maxBytes: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect((err as OutboundError).code).toBe('blocked');
    expect(server.connections).toBe(0);
  });

  it('refuses a redirect instead of following it', async () => {
    server = await loopbackServer((_c, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end());
    const err = await guardedStreamFetch(server.url, {}, { allow: allow(server.port), maxBytes: 100 }).catch((e: unknown) => e);
    expect((err as OutboundError).code).toBe('redirect-refused');
  });

  it('errors the body stream once it passes maxBytes', async () => {
    server = await loopbackServer((_c, res) => {
      res.write('x'.repeat(60));
      res.end('y'.repeat(60));
    });
    const res = await guardedStreamFetch(server.url, {}, { allow: allow(server.port), maxBytes: 100 });
    const err = await res.text().catch((e: unknown) => e);
    expect((err as OutboundError).code).toBe('too-large');
  });

  it('answers status, headers and body as a web Response', async () => {
    server = await loopbackServer((c, res) => res.writeHead(201, { 'x-echo': c.headers['x-in'] as string }).end(c.body));
    const res = await guardedStreamFetch(server.url, { method: 'POST', headers: { 'X-In': 'a' }, body: 'hello' }, { allow: allow(server.port), maxBytes: 100 });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('a');
    expect(await res.text()).toBe('hello');
  });
});
