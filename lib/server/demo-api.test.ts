import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allowDemoApi, startDemoApi } from './demo-api';

const open: http.Server[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

/** A free loopback port: bind port 0, read it, let it go. */
async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('the demo API', () => {
  it('answers the endpoints the examples call, on loopback only', async () => {
    const port = await freePort();
    const server = (await startDemoApi(port))!;
    open.push(server);
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    const status = await fetch(`http://127.0.0.1:${port}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ ok: true, service: 'baton-demo-api' });
    expect(await (await fetch(`http://127.0.0.1:${port}/orders/A-17`)).json()).toMatchObject({ id: 'A-17', amount: 1250 });
    const echo = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(await echo.json()).toEqual({ received: { n: 1 } });
    const bad = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: 'nope' });
    expect(bad.status).toBe(400);
    const missing = await fetch(`http://127.0.0.1:${port}/admin`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: expect.stringContaining('GET /status') });
  });

  it('does not start (and so is not allowed) when its port is taken', async () => {
    const taken = http.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    open.push(taken);
    expect(await startDemoApi((taken.address() as AddressInfo).port)).toBeNull();
  });

  it('adds its host:port entry to the allow-list once, keeping the admin’s entries', () => {
    expect(allowDemoApi(undefined, 3010)).toBe('127.0.0.1:3010');
    expect(allowDemoApi('', 3010)).toBe('127.0.0.1:3010');
    expect(allowDemoApi('api.internal:8443, db.internal:80', 3010)).toBe('api.internal:8443,db.internal:80,127.0.0.1:3010');
    expect(allowDemoApi('127.0.0.1:3010', 3010)).toBe('127.0.0.1:3010');
  });
});
