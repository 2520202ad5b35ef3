import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Next answers a method a route does not export with a bare 405 (no body, no content type).
 * An API caller gets JSON saying so instead, as from every other /api answer: the status line
 * is caught as it is written, and Next's empty body is replaced.
 */
export function jsonForBareApiErrors(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let replaced = false;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const typed = res.getHeader('content-type') || rest.some((r) => r && typeof r === 'object' && Object.keys(r).some((k) => k.toLowerCase() === 'content-type'));
    if (status === 405 && !typed) {
      replaced = true;
      res.setHeader('content-type', 'application/json');
      res.removeHeader('content-length');
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => (replaced ? true : write(...args))) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (!replaced) return end(...args);
    return end(JSON.stringify({ error: `${req.method} is not accepted at ${(req.url ?? '').split('?')[0]!.slice(0, 200)}: see /api/v1/openapi.json for its methods.` }));
  }) as typeof res.end;
}
