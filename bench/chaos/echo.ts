import { loopbackServer, json } from '@/lib/testing/loopback';

/** One request as the loopback API saw it: which path, which key, for which run and step. */
export type EchoRequest = { path: string; key: string; run: string; step: string; at: number };

/** How each path answers: after a delay, and /e fails its first two calls per key with a 503. */
const DELAY_MS: Record<string, number> = { '/b': 400, '/c': 20, '/d': 100, '/e': 20, '/f': 20, '/g': 300 };
export const FLAKY_FAILURES = 2;

/**
 * The loopback API every HTTP step of the matrix calls (lib/testing/loopback's server). It logs
 * every request with its idempotency key and the run/step the body names, so a repeat can be
 * told apart from a new call and checked for carrying the same key; it counts requests in
 * flight per path (an HTTP attempt in flight at the kill is what cell b needs).
 */
export async function startEcho() {
  const log: EchoRequest[] = [];
  const inFlight = new Map<string, number>();
  const perKey = new Map<string, number>();
  const srv = await loopbackServer((call, res) => {
    const path = call.url.split('?')[0]!;
    const key = String(call.headers['idempotency-key'] ?? '');
    let body: { run?: string; step?: string } = {};
    try {
      body = JSON.parse(call.body || '{}') as typeof body;
    } catch {
      /* logged with an empty run: the key check then fails, as it should */
    }
    log.push({ path, key, run: String(body.run ?? ''), step: String(body.step ?? ''), at: Date.now() });
    const n = (perKey.get(key) ?? 0) + 1;
    perKey.set(key, n);
    inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
    res.once('close', () => inFlight.set(path, (inFlight.get(path) ?? 1) - 1));
    setTimeout(() => {
      if (path === '/e' && n <= FLAKY_FAILURES) json(res, 503, { error: 'try again' });
      else if (path === '/c') json(res, 200, { c: 0.1, label: 'unsure' });
      else json(res, 200, { ok: true, key });
    }, DELAY_MS[path] ?? 0);
  });
  return {
    url: srv.url,
    /** The allow-list entry Baton needs to reach it (host:port). */
    hostPort: `127.0.0.1:${srv.port}`,
    log,
    /** HTTP requests to `path` that have not been answered (or cut) yet. */
    inFlight: (path: string) => inFlight.get(path) ?? 0,
    close: srv.close,
  };
}

export type Echo = Awaited<ReturnType<typeof startEcho>>;
