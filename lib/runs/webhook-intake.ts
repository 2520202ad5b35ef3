import 'server-only';
import { findWebhookTarget } from '@/db/queries/flow-runtime';
import { snapshotDraft } from '@/db/queries/flow-snapshots';
import { claimTestListen, isTestListening, recordTestCapture } from '@/db/queries/webhook-test-listens';
import { parseBoundedJson, TooDeepError } from '@/lib/http/json-depth';
import type { ResponseSpec } from '@/lib/engine/types';
import { log, errorFields } from '@/lib/log/logger';
import { isDatabaseUnavailable, withinDbWait } from '@/lib/server/db-availability';
import type { EngineRuntime } from './engine-types';
import type { ExecutorEnd } from './types';
import { getPreparedVersion } from './flow-cache';
import { launch } from './launch';
import { authProblem, bodyProblems, type WebhookAuth } from './webhook-guard';

type Headers = Record<string, string | string[] | undefined>;

/** A webhook call as the route layer hands it over: plain values, the body already read. */
export type WebhookCall = { key: string; mode: 'production' | 'test'; method: string; url: string; headers: Headers; body: Buffer };

/** How a started run answers its caller; the route layer turns each into a status and a body. */
export type WebhookAnswer =
  | { kind: 'responded'; runId: string; response: ResponseSpec }
  | { kind: 'accepted'; runId: string }
  | { kind: 'still-running'; runId: string; timeoutMs: number }
  | { kind: 'queued'; runId: string }
  | { kind: 'failed'; runId: string; error: { message?: string; stepId?: string } }
  | { kind: 'finished'; runId: string; status: ExecutorEnd['status']; output: unknown };

/**
 * Why a call starts nothing. `not-listening` is the one answer for every URL that does not run
 * anything (unknown key, inactive flow, test URL nobody listens on), so a caller cannot tell a
 * valid key.
 */
export class WebhookRefusal extends Error {
  constructor(
    readonly code: 'not-listening' | 'method' | 'unauthorized' | 'bad-body' | 'invalid-flow',
    message: string,
    readonly details: { reasons?: string[]; allow?: string } = {},
  ) {
    super(message);
  }
}

const notListening = () => new WebhookRefusal('not-listening', 'No flow listens at this webhook URL');

const HIDDEN_HEADERS = /^(cookie|authorization|proxy-authorization|x-baton-)/i;

type TriggerConfig = { method: string; mode: 'sync' | 'async'; timeoutMs: number; auth: WebhookAuth; bodySchema?: Record<string, unknown> };

/**
 * /api/hooks/:key (production: the active published version, only while the flow is active) and
 * /api/hooks/:key/test (the current draft, as a test run, only while the editor listens for a
 * test event, and for one event). The trigger's method is the only one accepted. Sync mode
 * answers from the Respond step after its commit; async mode answers with the run id after the
 * run row is committed.
 */
export async function receiveWebhook(rt: EngineRuntime, call: WebhookCall): Promise<WebhookAnswer> {
  const target = await withinDbWait(findWebhookTarget(rt.sql, call.key));
  if (!target) throw notListening();
  let versionId: string | undefined;
  if (call.mode === 'production') {
    if (!target.active || !target.activeVersionId) throw notListening();
    versionId = target.activeVersionId;
  } else {
    if (!(await withinDbWait(isTestListening(rt.sql, target.flowId)))) throw notListening();
    versionId = await withinDbWait(snapshotDraft(rt.sql, target.flowId));
  }
  if (!versionId) throw notListening();
  const prepared = await withinDbWait(getPreparedVersion(rt.sql, versionId)).catch((e: unknown) => {
    throw isDatabaseUnavailable(e) ? e : new WebhookRefusal('invalid-flow', 'The flow has validation errors: fix them in the editor first');
  });
  const trigger = prepared.flow.steps.find((s) => s.type === 'webhook-trigger');
  if (!trigger) throw notListening();
  const cfg = prepared.steps.get(trigger.id)!.config as TriggerConfig;
  const method = cfg.method ?? 'POST';
  if (call.method !== method) throw new WebhookRefusal('method', `This webhook accepts ${method} requests only`, { allow: method });
  const denied = authProblem(cfg.auth, call.headers, call.body);
  if (denied) throw new WebhookRefusal('unauthorized', denied);
  const body = parseBody(call.body, String(call.headers['content-type'] ?? ''), call.method);
  const problems = bodyProblems(cfg.bodySchema, body);
  if (problems.length) throw new WebhookRefusal('bad-body', 'The request body does not match what this webhook expects', { reasons: problems });
  if (call.mode === 'test' && !(await claimTestListen(rt.sql, target.flowId))) throw notListening();
  const url = new URL(call.url, 'http://x');
  const payload = { kind: 'webhook', body, headers: visibleHeaders(call.headers, cfg.auth), query: Object.fromEntries(url.searchParams) };

  // The first of: the Respond step's commit (sync), the timeout, the run's end.
  let answer!: (a: WebhookAnswer) => void;
  let fail!: (e: unknown) => void;
  const answered = new Promise<WebhookAnswer>((resolve, reject) => ((answer = resolve), (fail = reject)));
  const run = await withinDbWait(
    launch(rt, {
      flowId: target.flowId,
      version: { kind: 'version', versionId, isTest: call.mode === 'test' },
      payload,
      triggerStepId: trigger.id,
      until: 'admitted',
      // An async caller gets the run id, whatever a Respond step later says.
      onRespond: (r: ResponseSpec) => cfg.mode === 'sync' && answer({ kind: 'responded', runId: run.runId, response: r }),
    }),
  );
  if (call.mode === 'test')
    void recordTestCapture(rt.sql, target.flowId, run.runId).catch((e) => log.warn('test event not recorded', { ...errorFields(e), flowId: target.flowId }));
  if (cfg.mode === 'async') {
    // A first commit that fails settles the run with the error: answer that, not a timeout.
    await withinDbWait(Promise.race([run.firstCommit, run.settled]));
    return { kind: 'accepted', runId: run.runId };
  }
  const timer = setTimeout(() => answer({ kind: 'still-running', runId: run.runId, timeoutMs: cfg.timeoutMs }), cfg.timeoutMs);
  run.settled.finally(() => clearTimeout(timer)).then((end) => answer(endAnswer(run.runId, end)), fail);
  return answered;
}

function endAnswer(runId: string, end: ExecutorEnd): WebhookAnswer {
  if ((end.status as string) === 'queued') return { kind: 'queued', runId };
  if (end.status === 'failed') return { kind: 'failed', runId, error: { message: end.error?.message, stepId: end.error?.stepId } };
  return { kind: 'finished', runId, status: end.status, output: end.output };
}

/**
 * The request headers a run keeps: never credentials, including the header this webhook
 * authenticates with (its token or HMAC signature), whatever its name.
 */
function visibleHeaders(headers: Headers, auth: WebhookAuth): Record<string, string> {
  const own = auth.kind === 'none' ? undefined : auth.header.toLowerCase();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && k !== own && !HIDDEN_HEADERS.test(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseBody(raw: Buffer, type: string, method: string): unknown {
  if (method === 'GET' || method === 'HEAD') return {};
  const text = raw.toString('utf8');
  if (!text) return {};
  if (type.includes('json')) {
    try {
      return parseBoundedJson(text);
    } catch (e) {
      if (e instanceof TooDeepError) throw new WebhookRefusal('bad-body', e.message);
      throw new WebhookRefusal('bad-body', `The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}
