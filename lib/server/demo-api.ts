import http from 'node:http';
import { log } from '@/lib/log/logger';

/**
 * A small demo API on a loopback port of its own, served by the launcher so that the seeded
 * examples (and later the templates) call a real HTTP service and succeed on a fresh start, with
 * no network. It reads nothing of Baton's and answers only fixed, harmless data.
 *
 *   GET  /status        → {"ok":true,"service":"baton-demo-api",…}
 *   POST /echo          → the JSON body it was sent, under "received"
 *   GET  /orders/<id>   → a made-up order with that id
 */
export const DEMO_API_HOST = '127.0.0.1';

export async function startDemoApi(port: number): Promise<http.Server | null> {
  const server = http.createServer((req, res) => void answer(req, res));
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, DEMO_API_HOST, () => resolve());
    });
  } catch (err) {
    // Not fatal: Baton works without it; the example then says why it cannot connect.
    log.warn('demo API not started: its port is taken (set BATON_DEMO_API_PORT to another port, or 0 for none)', { port, error: (err as Error).message });
    return null;
  }
  log.info('demo API listening', { url: `http://${DEMO_API_HOST}:${port}` });
  return server;
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method === 'GET' && path === '/status') return send(200, { ok: true, service: 'baton-demo-api', time: new Date().toISOString() });
  const order = path.match(/^\/orders\/([A-Za-z0-9_-]{1,64})$/);
  if (req.method === 'GET' && order) return send(200, { id: order[1], amount: 1250, currency: 'EUR', customer: { name: 'Ada Lovelace', email: 'ada@example.com' } });
  if (req.method === 'POST' && path === '/echo') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > 65_536) return send(413, { error: 'The demo API takes bodies up to 64 KB' });
      chunks.push(c);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return send(200, { received: text ? JSON.parse(text) : null });
    } catch {
      return send(400, { error: 'The body is not JSON' });
    }
  }
  return send(404, { error: 'No such demo endpoint: try GET /status, GET /orders/<id> or POST /echo' });
}

/**
 * BATON_ALLOWED_HOSTS with the demo API's `host:port` entry added (once): the one loopback
 * destination a fresh install may call. An admin removes it with BATON_DEMO_API_PORT=0.
 */
export function allowDemoApi(allowed: string | undefined, port: number): string {
  const entry = `${DEMO_API_HOST}:${port}`;
  const entries = (allowed ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return (entries.some((e) => e.toLowerCase() === entry) ? entries : [...entries, entry]).join(',');
}
