import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, loopbackServer } from '@/lib/testing/loopback';
import { outputProblems, runTool, toolContext } from './test-helpers';

let api: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  api = await loopbackServer((call, res) => {
    if (call.url === '/missing') return json(res, 404, { error: 'no such item' });
    if (call.url === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('plain');
    json(res, 200, { method: call.method, url: call.url, body: call.body, contentType: call.headers['content-type'] ?? null, token: call.headers['x-token'] ?? null });
  });
});
afterAll(() => api.close());

const allowed = () => toolContext([`127.0.0.1:${api.port}`]);

describe('http.request', () => {
  it('refuses a loopback URL when no admin allowed it, and nothing connects', async () => {
    await expect(runTool('http.request', { url: `${api.url}/items` })).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    expect(api.connections).toBe(0);
  });
  it('sends method, headers and a JSON body through the guarded port once allowed; output fits its contract', async () => {
    const out = await runTool('http.request', { method: 'POST', url: `${api.url}/items?x=1`, headers: [{ name: 'X-Token', value: 't0k', secret: true }], body: { a: 1 } }, allowed());
    expect(outputProblems('http.request', out)).toEqual([]);
    expect(out).toMatchObject({ status: 200, body: { method: 'POST', url: '/items?x=1', body: '{"a":1}', contentType: 'application/json', token: 't0k' } });
    expect(api.calls.at(-1)?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });
  it("sends the calling step's idempotency key when the context carries one, the same on every call", async () => {
    const ctx = { ...allowed(), idempotencyKey: 'run-1:fetch[2]' };
    await runTool('http.request', { url: `${api.url}/a` }, ctx);
    await runTool('http.request', { url: `${api.url}/a` }, ctx);
    expect(api.calls.slice(-2).map((c) => c.headers['idempotency-key'])).toEqual(['run-1:fetch[2]', 'run-1:fetch[2]']);
  });
  it('sends nothing once the call is cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const before = api.connections;
    await expect(runTool('http.request', { url: `${api.url}/a` }, toolContext([`127.0.0.1:${api.port}`], abort.signal))).rejects.toMatchObject({ kind: 'Error', message: expect.stringContaining('cancelled') });
    expect(api.connections).toBe(before);
  });
  it('returns text bodies as text, and sends no body with GET', async () => {
    const out = await runTool('http.request', { url: `${api.url}/text`, body: 'ignored' }, allowed());
    expect(outputProblems('http.request', out)).toEqual([]);
    expect(out).toMatchObject({ status: 200, body: 'plain', headers: { 'content-type': 'text/plain' } });
    expect(api.calls.at(-1)?.body).toBe('');
  });
  it('fails a 4xx as not worth retrying, with the response as details', async () => {
    await expect(runTool('http.request', { url: `${api.url}/missing` }, allowed())).rejects.toMatchObject({ kind: 'NonRetriableError', message: `HTTP 404 from 127.0.0.1:${api.port}`, details: { status: 404, body: { error: 'no such item' } } });
  });
  it('refuses a bad method or header name before sending anything', async () => {
    const before = api.calls.length;
    await expect(runTool('http.request', { method: 'TRACE', url: `${api.url}/` }, allowed())).rejects.toThrow('HTTP request: method must be one of "GET", "POST"');
    await expect(runTool('http.request', { url: `${api.url}/`, headers: [{ name: 'bad name', value: 'x' }] }, allowed())).rejects.toThrow('HTTP request: headers.0.name must match pattern');
    expect(api.calls.length).toBe(before);
  });
});
