import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestRunner } from './run';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { testRunContext as ctx } from '@/lib/testing/run-context';

// Issue 22, item 3: BATON_ALLOWED_HOSTS=127.0.0.1 opened every port, Baton's own included.
let baton: Awaited<ReturnType<typeof loopbackServer>>;
let api: Awaited<ReturnType<typeof loopbackServer>>;
let otherApi: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  const listen = () => loopbackServer((_c, res) => json(res, 200, { ok: true }));
  [baton, api, otherApi] = [await listen(), await listen(), await listen()];
});
afterAll(() => Promise.all([baton.close(), api.close(), otherApi.close()]));

const get = (url: string, entries: string[]) =>
  httpRequestRunner.run({ method: 'GET', url, headers: [], timeoutMs: 5000, maxResponseBytes: 100_000 } as never, null, ctx(entries));

describe('allow-list entries are host:port, and Baton’s own ports stay closed', () => {
  it('a host:port entry opens that port only', async () => {
    await expect(get(`${api.url}/`, [`127.0.0.1:${api.port}`])).resolves.toMatchObject({ output: { status: 200 } });
    await expect(get(`${otherApi.url}/`, [`127.0.0.1:${api.port}`])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
    expect(otherApi.connections).toBe(0);
  });

  it('Baton’s own port is refused even under a bare host entry', async () => {
    const before = process.env.PORT;
    process.env.PORT = String(baton.port);
    try {
      await expect(get(`${baton.url}/`, ['127.0.0.1'])).rejects.toMatchObject({ kind: 'SsrfBlocked', message: expect.stringContaining('own endpoints') });
      await expect(get(`${baton.url}/`, [`127.0.0.1:${baton.port}`])).rejects.toMatchObject({ kind: 'SsrfBlocked' });
      expect(baton.connections).toBe(0);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});
