import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { guardedFetch, type GuardOptions } from './guarded-fetch';
import { parseAllowList } from './allow-list';
import { loopbackServer } from '@/lib/testing/loopback';

// Response size and time are capped for the whole call, whatever the server does.
let srv: Awaited<ReturnType<typeof loopbackServer>>;
const held: ServerResponse[] = [];
beforeAll(async () => {
  srv = await loopbackServer((call, res) => {
    if (call.url === '/announced') return res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    if (call.url === '/streamed') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 50; i++) res.write('y'.repeat(100));
      return res.end();
    }
    if (call.url === '/silent') return void held.push(res); // never answers
    if (call.url === '/trickle') {
      // Headers at once, then a byte every 50 ms: no idle gap long enough for a socket timeout.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('.')), 50);
      return void res.on('close', () => clearInterval(t));
    }
    res.writeHead(200).end('small');
  });
});
afterAll(() => {
  for (const r of held) r.destroy();
  return srv.close();
});

const opts = (more: Partial<GuardOptions> = {}): GuardOptions => ({ allow: parseAllowList(`127.0.0.1:${srv.port}`), maxBytes: 1_000, timeoutMs: 5_000, ...more });

describe('caps', () => {
  it('refuses a body announced larger than maxBytes, and one that grows past it', async () => {
    await expect(guardedFetch(`${srv.url}/announced`, {}, opts())).rejects.toMatchObject({ code: 'too-large', message: expect.stringContaining('1000 bytes') });
    await expect(guardedFetch(`${srv.url}/streamed`, {}, opts())).rejects.toMatchObject({ code: 'too-large' });
    await expect(guardedFetch(`${srv.url}/streamed`, {}, opts({ maxBytes: 5_000 }))).resolves.toMatchObject({ status: 200 });
  });

  it('ends a call that gets no answer at timeoutMs', async () => {
    const t0 = performance.now();
    await expect(guardedFetch(`${srv.url}/silent`, {}, opts({ timeoutMs: 300 }))).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('300 ms') });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
  });

  it('ends a slow body at timeoutMs too: the cap is for the whole call, not for idle gaps', async () => {
    const t0 = performance.now();
    await expect(guardedFetch(`${srv.url}/trickle`, {}, opts({ timeoutMs: 400, maxBytes: 1_000_000 }))).rejects.toMatchObject({ code: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it("stops when the caller's signal fires, as cancelled rather than timed out", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(guardedFetch(`${srv.url}/silent`, {}, opts({ signal: ac.signal }))).rejects.toMatchObject({ code: 'cancelled' });
  });
});
