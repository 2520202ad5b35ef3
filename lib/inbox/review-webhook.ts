import 'server-only';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '@/db/client';
import { taskNotice } from '@/db/queries/inbox';
import { isSealed, unseal } from '@/lib/crypto/secret-box';
import { guardedFetch, OutboundError, type AllowList } from '@/lib/net/guarded-fetch';
import { log } from '@/lib/log/logger';
import { PRIORITIES } from './filters';

/** Outbound failures a repeat cannot fix: the job gives up (and says so) instead of retrying. */
const FINAL = new Set(['blocked', 'bad-url', 'too-large', 'redirect-refused', 'too-many-redirects']);

const hookSetting = z.object({ url: z.string().url(), secret: z.string().optional() });

/** The header carrying `sha256=<hex>`: HMAC-SHA256 of the exact body under the flow's secret. */
export const REVIEW_SIGNATURE_HEADER = 'x-baton-signature';

/** Where a task's page is for someone outside: AUTH_URL when set (behind a proxy), else this server. */
export function taskLink(taskId: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.AUTH_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '');
  return `${base}/inbox/${taskId}`;
}

export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Tells the flow's review webhook that a task is waiting: POST { taskId, kind, flow, reason, link,
 * ... } through lib/net's guard (SSRF rules on every hop, size and time caps), signed when the
 * flow set a secret, with an idempotency key per task so the receiver can drop repeats. Transient
 * failures (network, timeout, 5xx, 429) throw, so the queue retries (up to 8 attempts, backing
 * off); a refusal or another 4xx is logged and dropped. The secret never leaves this function.
 */
export async function deliverReviewWebhook(deps: { sql: Sql; allowList: AllowList }, taskId: string): Promise<void> {
  const task = await taskNotice(deps.sql, taskId);
  if (!task) return; // its run was deleted: nothing to tell
  const hook = hookSetting.safeParse(task.hook);
  if (!hook.success) return; // the version has no webhook (or a malformed one that validation let through)
  let secret: string | undefined;
  try {
    secret = hook.data.secret === undefined ? undefined : isSealed(hook.data.secret) ? unseal(hook.data.secret) : undefined;
  } catch {
    log.warn('review webhook secret cannot be unsealed (ENCRYPTION_KEY changed?); not sending', { taskId });
    return;
  }
  const body = JSON.stringify({
    taskId: task.id,
    kind: task.kind,
    flow: { id: task.flow_id, name: task.flow_name },
    reason: task.reason,
    link: taskLink(task.id),
    runId: task.run_id,
    stepId: task.step_id,
    priority: PRIORITIES[task.priority] ?? 'normal',
    deadline: task.deadline ? new Date(task.deadline).toISOString() : null,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-baton-event': 'review.created', 'idempotency-key': `review:${task.id}`, 'user-agent': 'Baton' };
  if (secret) headers[REVIEW_SIGNATURE_HEADER] = signBody(secret, body);
  try {
    const res = await guardedFetch(hook.data.url, { method: 'POST', headers, body }, { allow: deps.allowList, maxBytes: 65_536, timeoutMs: 10_000 });
    if (res.status < 400) return;
    if (res.status === 429 || res.status >= 500) throw new Error(`review webhook answered HTTP ${res.status}`);
    log.warn('review webhook refused; not retrying', { taskId, reason: `HTTP ${res.status} from ${new URL(res.url).host}` });
  } catch (err) {
    if (err instanceof OutboundError && FINAL.has(err.code)) {
      log.warn('review webhook refused; not retrying', { taskId, reason: err.message });
      return;
    }
    throw err;
  }
}
