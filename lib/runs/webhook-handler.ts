import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findWebhookTarget } from '@/db/queries/flow-runtime';
import { snapshotDraft } from '@/db/queries/flow-snapshots';
import type { ResponseSpec } from '@/lib/engine/types';
import { log, errorFields } from '@/lib/log/logger';
import { engineHandle } from './runtime-handle';
import { getPreparedVersion } from './flow-cache';
import { launchRun } from './admission';
import { authProblem, bodyProblems, type WebhookAuth } from './webhook-guard';
import { isDatabaseUnavailable, withinDbWait } from '@/lib/server/db-availability';

/** Webhooks sit outside the session check: the unguessable key in the URL is the credential. */
export const access = { public: 'webhook: the unguessable key in its URL is the credential' };

const MAX_BODY = Number(process.env.BATON_WEBHOOK_MAX_BYTES ?? 1024 * 1024);
const HIDDEN_HEADERS = /^(cookie|authorization|proxy-authorization|x-baton-)/i;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly reasons?: string[]) {
    super(message);
  }
}

/**
 * POST /api/hooks/:key (production: the active published version, only while the flow is
 * active) and /api/hooks/:key/test (the current draft, as a test run). Sync mode answers from
 * the Respond step after its commit; async mode answers 202 with the run id after the run row
 * is committed.
 */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, key: string, mode: 'production' | 'test'): Promise<void> {
  try {
    const rt = engineHandle();
    if (!rt) throw new HttpError(503, 'This server runs no worker, so it cannot start runs');
    const raw = await readRaw(req);
    const target = await withinDbWait(findWebhookTarget(rt.sql, key));
    if (!target) throw new HttpError(404, 'No flow listens at this webhook URL');
    let versionId: string | undefined;
    if (mode === 'production') {
      if (!target.active || !target.activeVersionId) throw new HttpError(404, 'This flow is not active: activate it to use its production URL, or call its test URL');
      versionId = target.activeVersionId;
    } else {
      versionId = await withinDbWait(snapshotDraft(rt.sql, target.flowId));
    }
    if (!versionId) throw new HttpError(404, 'No flow listens at this webhook URL');
    const prepared = await withinDbWait(getPreparedVersion(rt.sql, versionId)).catch((e: unknown) => {
      throw isDatabaseUnavailable(e) ? e : new HttpError(422, 'The flow has validation errors: fix them in the editor first');
    });
    const trigger = prepared.flow.steps.find((s) => s.type === 'webhook-trigger');
    if (!trigger) throw new HttpError(404, 'This flow has no webhook trigger');
    const cfg = prepared.steps.get(trigger.id)!.config as { mode: 'sync' | 'async'; timeoutMs: number; auth: WebhookAuth; bodySchema?: Record<string, unknown> };
    const denied = authProblem(cfg.auth, req.headers, raw);
    if (denied) throw new HttpError(401, denied);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''), req.method);
    const problems = bodyProblems(cfg.bodySchema, body);
    if (problems.length) throw new HttpError(400, 'The request body does not match what this webhook expects', problems);
    const url = new URL(req.url ?? '/', 'http://x');
    const payload = { kind: 'webhook', body, headers: visibleHeaders(req), query: Object.fromEntries(url.searchParams) };

    let answered = false;
    const answer = (status: number, headers: Record<string, string>, b: unknown) => {
      if (answered) return;
      answered = true;
      send(res, status, headers, b);
    };
    const run = await withinDbWait(launchRun(rt, {
      prepared, flowId: target.flowId, versionId, isTest: mode === 'test', triggerStepId: trigger.id, payload,
      // An async caller gets 202 with the run id, whatever a Respond step later says.
      onRespond: (r: ResponseSpec) => cfg.mode === 'sync' && answer(r.status, { ...r.headers, 'x-baton-run-id': run.runId }, r.body),
    }));
    if (cfg.mode === 'async') {
      // A first commit that fails settles the run with the error: answer that, not a timeout.
      await withinDbWait(Promise.race([run.firstCommit, run.settled]));
      return answer(202, { 'x-baton-run-id': run.runId }, { runId: run.runId, status: 'accepted' });
    }
    const timer = setTimeout(() => answer(202, { 'x-baton-run-id': run.runId }, { runId: run.runId, status: 'running', message: `No response within ${cfg.timeoutMs} ms; the run goes on` }), cfg.timeoutMs);
    const end = await run.settled.finally(() => clearTimeout(timer));
    if ((end.status as string) === 'queued') return answer(202, { 'x-baton-run-id': run.runId }, { runId: run.runId, status: 'queued', message: 'The flow is at its concurrency limit; the run starts when a slot frees' });
    if (end.status === 'failed') return answer(500, { 'x-baton-run-id': run.runId }, { runId: run.runId, status: 'failed', error: { message: end.error?.message, stepId: end.error?.stepId } });
    answer(200, { 'x-baton-run-id': run.runId }, { runId: run.runId, status: end.status, output: end.output });
  } catch (err) {
    if (err instanceof HttpError) return send(res, err.status, {}, { error: err.message, ...(err.reasons ? { reasons: err.reasons } : {}) });
    // The caller may simply try again; with the database away it cannot know more than that.
    if (isDatabaseUnavailable(err)) return send(res, 503, { 'retry-after': '5' }, { error: 'Baton cannot reach its database right now; try again shortly.' });
    log.error('webhook failed', { ...errorFields(err), path: req.url });
    send(res, 500, {}, { error: 'The server could not start this run; nothing was recorded. Try again.' });
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) {
  if (res.headersSent) return;
  const isText = typeof body === 'string';
  const text = isText ? body : JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function visibleHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HIDDEN_HEADERS.test(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, `The request body is larger than ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer, type: string, method?: string): unknown {
  if (method === 'GET' || method === 'HEAD') return {};
  const text = raw.toString('utf8');
  if (!text) return {};
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, `The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}
