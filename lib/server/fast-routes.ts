import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleWebhook, access as webhookAccess } from './webhook-route';

/**
 * Routes Baton's own server answers before Next.js (no Next pipeline, middleware or session
 * work on the hot path). Each declares its access like a route file does; the role test reads
 * this list.
 */
export const FAST_ROUTES = [
  {
    name: 'webhook',
    pattern: /^\/api\/hooks\/([A-Za-z0-9_-]{8,128})(\/test)?\/?$/,
    access: webhookAccess,
    handle: (req: IncomingMessage, res: ServerResponse, m: RegExpMatchArray) => handleWebhook(req, res, m[1]!, m[2] ? 'test' : 'production'),
  },
] as const;

/** Answers the request if a fast route matches; false lets Next handle it. */
export function tryFastRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  if (!path.startsWith('/api/hooks/')) return false;
  for (const r of FAST_ROUTES) {
    const m = path.match(r.pattern);
    if (m) {
      void r.handle(req, res, m);
      return true;
    }
  }
  return false;
}
