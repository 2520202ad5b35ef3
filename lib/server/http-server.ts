import http from 'node:http';
import next from 'next';
import { CLIENT_IP_HEADER } from '@/lib/auth/client-ip';
import { tryFastRoute } from './fast-routes';
import { applyContentSecurityPolicy, dropUntrustedForwarding, setBaseSecurityHeaders } from './security-headers';
import { guardAction, isPageWrite, loadActionIds } from './action-guard';
import { jsonForBareApiErrors } from './api-errors';
import { answerIfDatabaseDown } from './db-gate';

export type ServeOptions = { dir: string; dev: boolean; port: number; host: string };

/**
 * Baton's HTTP server: Next.js in this process, so that the default worker shares it and a
 * sync webhook is answered from where its run executes. The client address header is
 * overwritten from the socket on every request, so it cannot be forged; forwarding headers
 * count only behind TRUST_PROXY. Every response carries the security headers, pages a CSP
 * with a fresh nonce; writes to page URLs (server actions) are checked before Next decodes them.
 */
export async function startHttpServer(opts: ServeOptions): Promise<http.Server> {
  const app = next({ dev: opts.dev, dir: opts.dir, hostname: opts.host, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const actionIds = loadActionIds(opts.dir, opts.dev);
  const server = http.createServer((req, res) => {
    dropUntrustedForwarding(req);
    setBaseSecurityHeaders(req, res);
    if (answerIfDatabaseDown(req, res) || tryFastRoute(req, res)) return;
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/')) jsonForBareApiErrors(req, res);
    else applyContentSecurityPolicy(req, res, opts.dev);
    if (!isPageWrite(req, path)) return void handle(req, res);
    void guardAction(req, res, actionIds).then(
      (checked) => checked && handle(checked, res),
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
