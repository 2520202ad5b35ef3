import 'server-only';
import { httpRequestRunner, type HttpRequestConfig } from '@/lib/steps/http-request/run';
import { StepFailure } from '@/lib/steps/errors';
import { log } from '@/lib/log/logger';
import type { EngineRuntime } from './engine-runtime';

/** Error kinds a repeat cannot fix: the job gives up (and says so) instead of retrying. */
const FINAL = new Set(['NonRetriableError', 'SsrfBlocked']);

/**
 * Tells an outside system that a production run failed: POST { runId, flowId, error, trigger }
 * through the same guarded client as HTTP steps (SSRF rules, size limit, an idempotency key per
 * run so the receiver can drop repeats). Transient failures throw, so the queue retries.
 */
export async function callErrorWebhook(rt: EngineRuntime, p: { url: string; body: { runId: string } }) {
  try {
    const config: HttpRequestConfig = { method: 'POST', url: p.url, headers: [{ name: 'x-baton-event', value: 'run.failed' }], body: p.body, timeoutMs: 10_000, maxResponseBytes: 65_536 };
    await httpRequestRunner.run(
      config as never,
      null,
      { runId: p.body.runId, stepId: 'error-webhook', attempt: 1, idempotencyKey: `${p.body.runId}:error-webhook`, signal: new AbortController().signal, allowedHosts: rt.allowedHosts },
    );
  } catch (err) {
    if (err instanceof StepFailure && FINAL.has(err.kind)) {
      log.warn('error webhook refused; not retrying', { runId: p.body.runId, reason: err.message });
      return;
    }
    throw err;
  }
}
