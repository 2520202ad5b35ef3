import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BATON_VERSION } from '@/lib/version';
import { databaseDown } from './db-availability';

/** Served without the database: the app's static files and the API description. */
const NEEDS_NO_DATABASE = /^\/(_next\/|favicon\.ico$|api\/v1\/openapi\.json$)/;
const RETRY_AFTER_S = '5';

/**
 * While the database is known to be down, answers at once with 503 instead of letting the
 * request wait on it: health keeps its JSON shape, other API routes and webhooks get a JSON
 * error, pages a short HTML page that reloads itself, event streams a request to come back.
 * Returns false (and does nothing) while the database is up: the normal path costs one test.
 */
export function answerIfDatabaseDown(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  if (NEEDS_NO_DATABASE.test(path) || !databaseDown()) return false;
  const headers = { 'retry-after': RETRY_AFTER_S, 'cache-control': 'no-store' };
  if (String(req.headers.accept ?? '').includes('text/event-stream')) {
    // An EventSource gives up for good on any answer but 200: an empty stream that asks it to
    // come back keeps the run view's live status trying until the database returns.
    const text = `retry: ${Number(RETRY_AFTER_S) * 1000}\n: Baton cannot reach its database\n\n`;
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  }
  if (path.startsWith('/api/')) {
    const body = path === '/api/health'
      ? { ok: false, db: 'down', version: BATON_VERSION }
      : { error: 'Baton cannot reach its database right now; try again shortly.' };
    const text = JSON.stringify(body);
    res.writeHead(503, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
  res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE) });
  res.end(req.method === 'HEAD' ? undefined : PAGE);
  return true;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_S}"><title>Database unavailable · Baton</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:2rem;border:1px solid #e2e8f0;border-radius:.75rem;background:#fff}h1{font-size:1.25rem;margin:0 0 .5rem}p{margin:.5rem 0;color:#475569}</style>
</head><body><main role="alert"><h1>Baton cannot reach its database</h1>
<p>It is waiting for PostgreSQL to answer again. This page reloads by itself every ${RETRY_AFTER_S} seconds.</p></main></body></html>`;
