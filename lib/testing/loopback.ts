import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Call = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (call: Call, res: http.ServerResponse) => void;

/**
 * A real HTTP server on a loopback address (127.0.0.1 unless told, e.g. 127.0.0.2 or ::1) that
 * records every call and counts every TCP connection, so an SSRF test can prove nothing connected.
 */
export async function loopbackServer(handler: Handler, host = '127.0.0.1', port = 0) {
  const calls: Call[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      calls.push(call);
      for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve();
      handler(call, res);
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(port, host, r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    calls,
    /** TCP connections accepted so far (a refused call must leave this at 0). */
    get connections() {
      return connections;
    },
    /** Resolves once `n` calls have arrived (bounded by the test's own timeout). */
    waitForCalls: (n: number) => (calls.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
