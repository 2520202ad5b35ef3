import http from 'node:http';
import { tryFastRoute } from './fast-routes';
import { dropUntrustedForwarding, setBaseSecurityHeaders } from './security-headers';
import { answerIfDatabaseDown } from './db-gate';

/**
 * A worker's own listener: only the fast routes (webhooks), no Next. Lets webhook traffic be
 * served by worker processes scaled apart from the web UI (`npm run worker -- --listen PORT`).
 */
export async function startFastServer(port: number, host = '0.0.0.0'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    dropUntrustedForwarding(req);
    setBaseSecurityHeaders(req, res);
    if (answerIfDatabaseDown(req, res) || tryFastRoute(req, res)) return;
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'This worker serves webhooks only' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
