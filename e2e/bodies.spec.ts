import http from 'node:http';
import { test, expect, storageStateFor } from './fixtures';

/**
 * Oversized and over-deep bodies on the production server, on one keep-alive socket as a real
 * client sends them: /api/v1 goes through Next, webhooks through Baton's own routes (their
 * depth limit past a real key is in lib/runs/webhook-hardening.db.test.ts).
 */
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

function send(agent: http.Agent, url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text, ms: Date.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const big = Buffer.alloc(1024 * 1024 + 1, 'a');
const deep = `{"input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

test.use({ storageState: storageStateFor('analyst') });

test('a webhook: a 413 closes the connection, so the next request on it is answered at once', async ({ baseURL }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${baseURL}/api/hooks/unknownkey123456`;
  try {
    const first = await send(agent, url, big);
    expect(first.status).toBe(413);
    expect(first.headers.connection).toBe('close');
    expect(JSON.parse(first.body)).toEqual({ error: 'The request body is larger than 1048576 bytes' });
    const next = await send(agent, url, '{}');
    expect(next.status).toBe(404);
    expect(next.ms).toBeLessThan(3_000);
  } finally {
    agent.destroy();
  }
});

test('/api/v1 through Next: the same 413 with the connection closed, and the same 400 for deep JSON', async ({ page, baseURL }) => {
  await page.goto('/settings/tokens');
  await page.getByLabel('Token name').fill(`bodies ${Date.now()}`);
  await page.getByLabel('runs:write').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('tokens.fresh').textContent())!.trim();
  const auth = { authorization: `Bearer ${token}` };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${baseURL}/api/v1/flows/00000000-0000-4000-8000-000000000000/runs`;
  try {
    const first = await send(agent, url, big, auth);
    expect(first.status).toBe(413);
    expect(first.headers.connection).toBe('close');
    expect(JSON.parse(first.body)).toEqual({ error: 'The request body is larger than 1048576 bytes' });
    const next = await send(agent, url, '{"input":{}}', auth);
    expect(next.status).toBe(404);
    expect(next.ms).toBeLessThan(3_000);
    const tooDeep = await send(agent, url, deep, auth);
    expect(tooDeep.status).toBe(400);
    expect(JSON.parse(tooDeep.body)).toEqual({ error: 'The JSON body is nested deeper than 64 levels; flatten it' });
  } finally {
    agent.destroy();
  }
});
