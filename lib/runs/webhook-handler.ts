import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findWebhookTarget } from '@/db/queries/flow-runtime';
import { snapshotDraft } from '@/db/queries/flow-snapshots';
import { claimTestListen, isTestListening, recordTestCapture } from '@/db/queries/webhook-test-listens';
import { readNodeBody, tooLargeMessage } from '@/lib/http/read-body';
import { parseBoundedJson, TooDeepError } from '@/lib/http/json-depth';
import type { ResponseSpec } from '@/lib/engine/types';
import { log, errorFields } from '@/lib/log/logger';
import { engineHandle } from './runtime-handle';
import { getPreparedVersion } from './flow-cache';
import { launchRun } from './admission';
import { authProblem, bodyProblems, type WebhookAuth } from './webhook-guard';
import { isDatabaseUnavailable, withinDbWait } from '@/lib/server/db-availability';

/** Webhooks sit outside the session check: the unguessable key in the URL is the credential. */
export const access = { public: 'webhook: the unguessable key in its URL is the credential' };

const HIDDEN_HEADERS = /^(cookie|authorization|proxy-authorization|x-baton-)/i;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly reasons?: string[], readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/**
 * The one answer for every URL that does not run anything: unknown key, inactive flow, test URL
 * nobody listens on. Identical in status, headers and body, so a caller cannot tell a valid key.
 */
const notListening = () => new HttpError(404, 'No flow listens at this webhook URL');

type TriggerConfig = { method: string; mode: 'sync' | 'async'; timeoutMs: number; auth: WebhookAuth; bodySchema?: Record<string, unknown> };

/**
 * /api/hooks/:key (production: the active published version, only while the flow is active) and
 * /api/hooks/:key/test (the current draft, as a test run, only while the editor listens for a
 * test event, and for one event). The trigger's method is the only one accepted. Sync mode
 * answers from the Respond step after its commit; async mode answers 202 with the run id after
 * the run row is committed.
 */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, key: string, mode: 'production' | 'test'): Promise<void> {
  try {
    const rt = engineHandle();
    if (!rt) throw new HttpError(503, 'This server runs no worker, so it cannot start runs');
    const raw = await readNodeBody(req);
    // The rest of an oversized body was drained; closing the socket keeps the next request on it from waiting.
    if (raw === null) throw new HttpError(413, tooLargeMessage(), undefined, { connection: 'close' });
    const target = await withinDbWait(findWebhookTarget(rt.sql, key));
    if (!target) throw notListening();
    let versionId: string | undefined;
    if (mode === 'production') {
      if (!target.active || !target.activeVersionId) throw notListening();
      versionId = target.activeVersionId;
    } else {
      if (!(await withinDbWait(isTestListening(rt.sql, target.flowId)))) throw notListening();
      versionId = await withinDbWait(snapshotDraft(rt.sql, target.flowId));
    }
    if (!versionId) throw notListening();
    const prepared = await withinDbWait(getPreparedVersion(rt.sql, versionId)).catch((e: unknown) => {
      throw isDatabaseUnavailable(e) ? e : new HttpError(422, 'The flow has validation errors: fix them in the editor first');
    });
    const trigger = prepared.flow.steps.find((s) => s.type === 'webhook-trigger');
    if (!trigger) throw notListening();
    const cfg = prepared.steps.get(trigger.id)!.config as TriggerConfig;
    const method = cfg.method ?? 'POST';
    if (req.method !== method) throw new HttpError(405, `This webhook accepts ${method} requests only`, undefined, { allow: method });
    const denied = authProblem(cfg.auth, req.headers, raw);
    if (denied) throw new HttpError(401, denied);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''), req.method);
    const problems = bodyProblems(cfg.bodySchema, body);
    if (problems.length) throw new HttpError(400, 'The request body does not match what this webhook expects', problems);
    if (mode === 'test' && !(await claimTestListen(rt.sql, target.flowId))) throw notListening();
    const url = new URL(req.url ?? '/', 'http://x');
    const payload = { kind: 'webhook', body, headers: visibleHeaders(req, cfg.auth), query: Object.fromEntries(url.searchParams) };

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
    if (mode === 'test') void recordTestCapture(rt.sql, target.flowId, run.runId).catch((e) => log.warn('test event not recorded', { ...errorFields(e), flowId: target.flowId }));
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
    if (err instanceof HttpError) return send(res, err.status, err.headers, { error: err.message, ...(err.reasons ? { reasons: err.reasons } : {}) });
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

/**
 * The request headers a run keeps: never credentials, including the header this webhook
 * authenticates with (its token or HMAC signature), whatever its name.
 */
function visibleHeaders(req: IncomingMessage, auth: WebhookAuth): Record<string, string> {
  const own = auth.kind === 'none' ? undefined : auth.header.toLowerCase();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== own && !HIDDEN_HEADERS.test(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseBody(raw: Buffer, type: string, method?: string): unknown {
  if (method === 'GET' || method === 'HEAD') return {};
  const text = raw.toString('utf8');
  if (!text) return {};
  if (type.includes('json')) {
    try {
      return parseBoundedJson(text);
    } catch (e) {
      if (e instanceof TooDeepError) throw new HttpError(400, e.message);
      throw new HttpError(400, `The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}
