import 'server-only';
import { guardedFetch, OutboundError } from '@/lib/net/guarded-fetch';
import { log } from '@/lib/log/logger';
import type { EngineRuntime } from './engine-types';

/** Outbound failures a repeat cannot fix: the job gives up (and says so) instead of retrying. */
const FINAL = new Set(['blocked', 'bad-url', 'too-large', 'redirect-refused', 'too-many-redirects']);

/**
 * Tells an outside system that a production run failed: POST { runId, flowId, error, trigger }
 * through lib/net's guard (SSRF rules on every hop, size and time caps), with an idempotency key
 * per run so the receiver can drop repeats. Transient failures (network, timeout, 5xx, 429)
 * throw, so the queue retries; a refusal or another 4xx is logged and dropped.
 */
export async function callErrorWebhook(rt: EngineRuntime, p: { url: string; body: { runId: string } }) {
  const runId = p.body.runId;
  try {
    const res = await guardedFetch(p.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-baton-event': 'run.failed', 'idempotency-key': `${runId}:error-webhook`, 'user-agent': 'Baton' },
      body: JSON.stringify(p.body),
    }, { allow: rt.allowList, maxBytes: 65_536, timeoutMs: 10_000 });
    if (res.status < 400) return;
    if (res.status === 429 || res.status >= 500) throw new Error(`error webhook answered HTTP ${res.status}`);
    log.warn('error webhook refused; not retrying', { runId, reason: `HTTP ${res.status} from ${new URL(res.url).host}` });
  } catch (err) {
    if (err instanceof OutboundError && FINAL.has(err.code)) {
      log.warn('error webhook refused; not retrying', { runId, reason: err.message });
      return;
    }
    throw err;
  }
}
