import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trustsProxy } from './security-headers';

/** Next's default limit for a server action's body (serverActions.bodySizeLimit, not raised here). */
export const MAX_ACTION_BODY = 1024 * 1024;
const MAX_DEPTH = 200;

export type Refusal = { status: number; error: string };

/** A request that writes through a page URL: only server actions do that in Baton. */
export const isPageWrite = (req: IncomingMessage, path: string) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? 'GET') && !path.startsWith('/api/');

/** The action ids of this production build, or null in development (ids change as files do). */
export function loadActionIds(dir: string, dev: boolean): Set<string> | null {
  const file = join(dir, '.next', 'server', 'server-reference-manifest.json');
  if (dev || !existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { node?: Record<string, unknown> };
  return new Set(Object.keys(manifest.node ?? {}));
}

/**
 * CSRF: a server action must come from a page of this site. The Origin header (every browser
 * sends it on a POST) must name the host the request was sent to; X-Forwarded-Host stands for
 * that host only behind TRUST_PROXY, and AUTH_URL's host is accepted too.
 */
export function checkOrigin(req: IncomingMessage): Refusal | null {
  const origin = req.headers.origin;
  if (!origin) return { status: 403, error: 'This request has no Origin header, so Baton cannot tell it came from its own pages; it was refused.' };
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return { status: 403, error: `The Origin header (${origin.slice(0, 100)}) is not a URL; the request was refused.` };
  }
  const forwarded = trustsProxy() ? String(req.headers['x-forwarded-host'] ?? '').split(',')[0]!.trim() : '';
  const hosts = [forwarded || req.headers.host, process.env.AUTH_URL ? safeHost(process.env.AUTH_URL) : undefined].filter(Boolean);
  if (hosts.includes(originHost)) return null;
  return { status: 403, error: `This request came from another site (${originHost.slice(0, 100)}), so Baton refused it.` };
}

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
};

/**
 * The body of an action call as React's client encodes it: a JSON array of the arguments, in
 * which a string starting with `$` is either escaped (`$$…`) or one of the plain-value codes.
 * References to other parts (promises, form data, maps, server references …) never occur in
 * Baton's calls, so a body holding them is refused here rather than failing in Next's decoder.
 */
export function checkActionBody(contentType: string | undefined, body: Buffer): Refusal | null {
  if (!/^text\/plain(;|$)/i.test(contentType ?? '')) {
    return { status: 415, error: "A server action's arguments are sent as text/plain JSON, as Baton's pages send them." };
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, error: "The action's body is not JSON: send its arguments as a JSON array." };
  }
  if (!Array.isArray(value)) return { status: 400, error: "The action's body must be a JSON array of its arguments." };
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return { status: 400, error: `The action's arguments nest deeper than ${MAX_DEPTH} levels.` };
    if (typeof v === 'string') {
      if (v.startsWith('$') && !plainCode(v)) return { status: 400, error: `The action's arguments hold "${v.slice(0, 20)}", a reference Baton's actions do not take (a literal $ is written $$).` };
      if (UNSTORABLE.test(v)) return unstorable;
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (UNSTORABLE.test(key)) return unstorable;
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/** PostgreSQL's JSON cannot hold U+0000 or half a surrogate pair: refused here, named, rather than failing at save. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable: Refusal = { status: 400, error: 'The text holds a NUL character (U+0000) or half of a surrogate pair, which cannot be stored: remove it.' };

function plainCode(s: string): boolean {
  if (s.startsWith('$$') || ['$undefined', '$NaN', '$Infinity', '$-Infinity', '$-0'].includes(s)) return true;
  if (s.startsWith('$D')) return !Number.isNaN(Date.parse(s.slice(2)));
  return /^\$n-?\d{1,400}$/.test(s);
}

export function refuse(res: ServerResponse, r: Refusal): void {
  const body = JSON.stringify({ error: r.error });
  res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Checks a write to a page URL before Next sees it: a server action from this site, known to
 * this build, with a body Next's decoder will take. On success, resolves to a request carrying
 * the body again (the original's stream was read); on refusal, answers and resolves to null.
 */
export async function guardAction(req: IncomingMessage, res: ServerResponse, actionIds: Set<string> | null): Promise<IncomingMessage | null> {
  const actionId = req.headers['next-action'];
  const early =
    typeof actionId !== 'string'
      ? { status: 405, error: 'Pages take GET requests only; forms send their data through server actions.' }
      : checkOrigin(req) ?? (actionIds && !actionIds.has(actionId) ? { status: 404, error: 'This action does not exist in this version of Baton: reload the page.' } : null);
  if (early) {
    req.resume();
    refuse(res, early);
    return null;
  }
  const body = await readBody(req, MAX_ACTION_BODY);
  if (body === 'too-large') {
    refuse(res, { status: 413, error: `The action's body is larger than ${MAX_ACTION_BODY / 1024} KiB.` });
    res.on('finish', () => req.socket.destroy()); // the rest of the body is not read: close rather than reuse the connection
    return null;
  }
  const bad = checkActionBody(req.headers['content-type'], body);
  if (bad) {
    refuse(res, bad);
    return null;
  }
  return withBody(req, body);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** A stand-in for a request whose body was read: same socket, headers and URL, the body again. */
function withBody(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, 'content-length': String(body.length) };
  delete copy.headers['transfer-encoding'];
  copy.rawHeaders = req.rawHeaders;
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}
