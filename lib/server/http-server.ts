import http from 'node:http';
import next from 'next';
import { CLIENT_IP_HEADER } from '@/lib/auth/client-ip';
import { tryFastRoute } from './fast-routes';
import { answerIfDatabaseDown } from './db-gate';

export type ServeOptions = { dir: string; dev: boolean; port: number; host: string };

/**
 * Baton's HTTP server: Next.js in this process, so that the default worker shares it and a
 * sync webhook is answered from where its run executes. The client address header is
 * overwritten from the socket on every request, so it cannot be forged.
 */
export async function startHttpServer(opts: ServeOptions): Promise<http.Server> {
  const app = next({ dev: opts.dev, dir: opts.dir, hostname: opts.host, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    if (answerIfDatabaseDown(req, res) || tryFastRoute(req, res)) return;
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
