import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readNodeBody, tooLargeMessage } from '@/lib/http/read-body';
import { log, errorFields } from '@/lib/log/logger';
import { engineHandle } from '@/lib/runs/runtime-handle';
import { LaunchError, LAUNCH_HTTP_STATUS } from '@/lib/runs/launch';
import { receiveWebhook, WebhookRefusal, type WebhookAnswer } from '@/lib/runs/webhook-intake';
import { isDatabaseUnavailable } from './db-availability';

/** Webhooks sit outside the session check: the unguessable key in the URL is the credential. */
export const access = { public: 'webhook: the unguessable key in its URL is the credential' };

const REFUSAL_STATUS: Record<WebhookRefusal['code'], number> = { 'not-listening': 404, method: 405, unauthorized: 401, 'bad-body': 400, 'invalid-flow': 422 };

/** The HTTP side of /api/hooks/:key[/test]: reads the request, hands plain values to lib/runs, and maps its answer or refusal to a status. */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, key: string, mode: 'production' | 'test'): Promise<void> {
  try {
    const rt = engineHandle();
    if (!rt) return send(res, 503, {}, { error: 'This server runs no worker, so it cannot start runs' });
    const body = await readNodeBody(req);
    // The rest of an oversized body was drained; closing the socket keeps the next request on it from waiting.
    if (body === null) return send(res, 413, { connection: 'close' }, { error: tooLargeMessage() });
    const answer = await receiveWebhook(rt, { key, mode, method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
    const [status, headers, payload] = answerResponse(answer);
    send(res, status, { ...headers, 'x-baton-run-id': answer.runId }, payload);
  } catch (err) {
    if (err instanceof WebhookRefusal) {
      return send(res, REFUSAL_STATUS[err.code], err.details.allow ? { allow: err.details.allow } : {}, {
        error: err.message,
        ...(err.details.reasons ? { reasons: err.details.reasons } : {}),
      });
    }
    if (err instanceof LaunchError) return send(res, LAUNCH_HTTP_STATUS[err.code], {}, { error: err.message });
    // The caller may simply try again; with the database away it cannot know more than that.
    if (isDatabaseUnavailable(err)) return send(res, 503, { 'retry-after': '5' }, { error: 'Baton cannot reach its database right now; try again shortly.' });
    log.error('webhook failed', { ...errorFields(err), path: req.url });
    send(res, 500, {}, { error: 'The server could not start this run; nothing was recorded. Try again.' });
  }
}

function answerResponse(a: WebhookAnswer): [number, Record<string, string>, unknown] {
  switch (a.kind) {
    case 'responded':
      return [a.response.status, a.response.headers ?? {}, a.response.body];
    case 'accepted':
      return [202, {}, { runId: a.runId, status: 'accepted' }];
    case 'still-running':
      return [202, {}, { runId: a.runId, status: 'running', message: `No response within ${a.timeoutMs} ms; the run goes on` }];
    case 'queued':
      return [202, {}, { runId: a.runId, status: 'queued', message: 'The flow is at its concurrency limit; the run starts when a slot frees' }];
    case 'failed':
      return [500, {}, { runId: a.runId, status: 'failed', error: a.error }];
    case 'finished':
      return [200, {}, { runId: a.runId, status: a.status, output: a.output }];
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) {
  if (res.headersSent) return;
  const isText = typeof body === 'string';
  const text = isText ? body : JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
