import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Token counts a scripted answer reports (defaults: 10 input, one output token per chunk, 0 cached). */
export type ScriptedUsage = { input?: number; output?: number; cached?: number };

/**
 * What the scripted server does with one request. `text` streams `chunks` one SSE event each
 * (or answers them joined when the client did not ask to stream); `hold`, if given, is awaited
 * after the first chunk is flushed (a test releases it once it saw that chunk arrive).
 */
export type ScriptedReply =
  | { kind: 'text'; chunks: string[]; usage?: ScriptedUsage; logprobs?: number[]; hold?: Promise<void> }
  | { kind: 'error'; status: number; message: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'malformed' };

/** Builders for script entries. */
export const reply = {
  text: (...chunks: string[]): ScriptedReply => ({ kind: 'text', chunks }),
  /** A JSON answer (structured output), in two chunks so streaming is exercised. */
  json: (value: unknown): ScriptedReply => {
    const s = JSON.stringify(value);
    return { kind: 'text', chunks: [s.slice(0, Math.ceil(s.length / 2)), s.slice(Math.ceil(s.length / 2))] };
  },
  rateLimited: (retryAfterSeconds: number, message = 'Rate limit reached, slow down'): ScriptedReply => ({ kind: 'error', status: 429, message, headers: { 'retry-after': String(retryAfterSeconds) } }),
  error: (status: number, message: string): ScriptedReply => ({ kind: 'error', status, message }),
  hang: (): ScriptedReply => ({ kind: 'hang' }),
  malformed: (): ScriptedReply => ({ kind: 'malformed' }),
};

/** One request as the server received it: path, lower-case headers, parsed JSON body (or the raw text). */
export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown };

export type Script = ScriptedReply[] | ((req: RecordedRequest, index: number) => ScriptedReply);

/** How a vendor's wire format writes each kind of answer. */
export type Dialect = {
  /** GET …/models answer. */
  models: (ids: string[]) => unknown;
  errorBody: (status: number, message: string) => unknown;
  /** The whole answer as one JSON body. */
  complete: (req: RecordedRequest, text: string, usage: Required<ScriptedUsage>, logprobs: number[] | undefined, chunks: string[]) => unknown;
  /** SSE frames: before the chunks, one per chunk, after them. */
  streamStart: (req: RecordedRequest, usage: Required<ScriptedUsage>) => string[];
  streamChunk: (req: RecordedRequest, chunk: string, i: number, logprob: number | undefined) => string[];
  streamEnd: (req: RecordedRequest, usage: Required<ScriptedUsage>) => string[];
  /** The path suffix that generates (`/chat/completions`, `/messages`). */
  generatePath: string;
};

export type ScriptedServer = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far (a call the guard refused must leave this at 0). */
  readonly connections: number;
  /** Requests whose connection the client closed before the answer ended (a cancelled call). */
  readonly abandoned: number;
  /** Resolves once `n` requests have been abandoned (bounded by the test's own timeout). */
  waitForAbandoned: (n: number) => Promise<void>;
  close: () => Promise<void>;
};

const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
export { sse };

/**
 * A real HTTP server on 127.0.0.1 answering a model API in a vendor's dialect, one script entry
 * per generate request (in order, or computed), recording every request. An exhausted script
 * answers 500 so a test that calls more than it scripted fails loudly.
 */
export async function scriptedServer(dialect: Dialect, script: Script, opts: { models?: string[]; host?: string } = {}): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let generated = 0;
  let abandoned = 0;
  let connections = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // Recorded as text.
      }
      const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      let finished = false;
      res.on('finish', () => (finished = true));
      res.on('close', () => {
        if (finished) return;
        abandoned++;
        for (const w of waiters.filter((w) => abandoned >= w.n)) w.resolve();
      });
      if (req.method === 'GET' && rec.path.endsWith('/models')) return sendJson(res, 200, dialect.models(opts.models ?? []));
      if (req.method !== 'POST' || !rec.path.endsWith(dialect.generatePath)) return sendJson(res, 404, dialect.errorBody(404, `No route ${req.method} ${rec.path}`));
      const index = generated++;
      const entry = typeof script === 'function' ? script(rec, index) : script[index];
      void answer(dialect, rec, res, entry ?? reply.error(500, `Scripted server: no reply scripted for request ${index + 1}`));
    });
  });
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, opts.host ?? '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    get abandoned() {
      return abandoned;
    },
    waitForAbandoned: (n) => (abandoned >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function answer(d: Dialect, req: RecordedRequest, res: http.ServerResponse, r: ScriptedReply) {
  const wantsStream = (req.body as { stream?: unknown } | undefined)?.stream === true;
  switch (r.kind) {
    case 'error':
      return sendJson(res, r.status, d.errorBody(r.status, r.message), r.headers);
    case 'hang':
      // Headers never come: only the client's cancellation ends this request.
      return;
    case 'malformed':
      if (wantsStream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end(sse(null, '{"choices": [ {"delta": tru'));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"id": "broken", "choices": [');
    case 'text': {
      const usage = { input: r.usage?.input ?? 10, output: r.usage?.output ?? r.chunks.length, cached: r.usage?.cached ?? 0 };
      if (!wantsStream) return sendJson(res, 200, d.complete(req, r.chunks.join(''), usage, r.logprobs, r.chunks));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      for (const f of d.streamStart(req, usage)) res.write(f);
      for (const [i, chunk] of r.chunks.entries()) {
        for (const f of d.streamChunk(req, chunk, i, r.logprobs?.[i])) res.write(f);
        if (i === 0 && r.hold) await r.hold;
        if (res.destroyed) return;
      }
      for (const f of d.streamEnd(req, usage)) res.write(f);
      return res.end();
    }
  }
}
