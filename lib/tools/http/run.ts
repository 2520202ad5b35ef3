import 'server-only';
import type { GuardedResponse } from '@/lib/net/guarded-fetch';
import { asStepFailure, parseBody } from '@/lib/steps/http-request/send';
import { NonRetriableError, RetryAfterError, StepFailure } from '@/lib/steps/errors';
import { httpToolConfigSchema } from '../config';
import { defineKind, type KindContext } from '../kind';
import { buildHttpRequest, type BuiltRequest } from './request';

/**
 * The HTTP kind: builds the request from the registered templates, puts the tool's credential
 * on it (through the vault, only for this tool), and calls through the run's guarded `http`
 * port with redirects refused, so the call and its credential never leave the registered
 * origin. The output is the response body (JSON parsed when the server says it is JSON).
 */
export const httpKind = defineKind({
  configSchema: httpToolConfigSchema,
  run: async (config, input, ctx) => {
    const req = buildHttpRequest(config, input, ctx.idempotencyKey);
    const fixed = new Set(Object.keys(req.headers));
    if (config.credentialId) await applyToolCredential(config.credentialId, req, ctx);
    if (req.url.origin !== config.origin) throw new NonRetriableError(`The credential moved the request off ${config.origin}; refused`);
    const headers = req.headers;
    ctx.onRequest?.({ method: req.method, url: req.url.href, headers: { ...headers }, ...(req.body === undefined ? {} : { body: req.body }) });
    const secretHeaders = Object.keys(headers).filter((h) => !fixed.has(h) || ctx.secrets.some((s) => headers[h]!.includes(s)));
    let res: GuardedResponse;
    try {
      res = await ctx.http(req.url, { method: req.method, headers, body: req.body }, { maxBytes: config.maxResponseBytes, timeoutMs: ctx.timeoutMs, redirect: 'refuse', secretHeaders });
    } catch (err) {
      throw asStepFailure(err);
    }
    const body = parseBody(res);
    const at = `${config.origin}`;
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers['retry-after']);
      if (res.headers['retry-after'] && Number.isFinite(after) && after >= 0) throw new RetryAfterError(`HTTP ${res.status} from ${at}`, after * 1000);
      throw Object.assign(new StepFailure(`HTTP ${res.status} from ${at}`), { details: { status: res.status, body } });
    }
    if (res.status >= 400) throw Object.assign(new NonRetriableError(`HTTP ${res.status} from ${at}`), { details: { status: res.status, body } });
    return body;
  },
});

async function applyToolCredential(credentialId: string, req: BuiltRequest, ctx: KindContext) {
  if (!ctx.deps.vault) throw new NonRetriableError('This tool uses a credential, and the credentials vault is not available');
  const secret = await ctx.deps.vault.vault.reveal(credentialId, { kind: 'tool', id: ctx.toolId });
  const h = new Headers(req.headers);
  const { secrets } = await ctx.deps.vault.applyCredential(secret, { url: req.url, headers: h }, { http: ctx.http, signal: ctx.signal, cacheKey: `tool:${ctx.toolId}:${credentialId}` });
  ctx.secrets.push(...secrets);
  req.headers = Object.fromEntries(h.entries());
}
