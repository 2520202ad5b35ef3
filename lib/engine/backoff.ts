import type { RetryPolicy } from '@/lib/workflow/types';

/** Errors that no retry can fix. */
const NEVER_RETRY = new Set(['NonRetriableError', 'ContractError', 'ExpressionError', 'OutputTooLargeError', 'SsrfBlocked', 'BudgetExceeded', 'ReviewRejected', 'AmbiguousResult', 'Cancelled', 'ApprovalRequired']);

export function isRetriable(kind: string, policy: RetryPolicy): boolean {
  return !NEVER_RETRY.has(kind) && !policy.nonRetryable.includes(kind);
}

/**
 * Delay before attempt `attempt + 1`: exponential from initialIntervalMs, capped, randomised by
 * ±jitter with a deterministic hash of (run, step, attempt) so that replaying the kernel gives the
 * same schedule. A step's own retry-after wins when it is longer.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, seed: string, retryAfterMs?: number): number {
  const base = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * policy.backoffCoefficient ** (attempt - 1));
  const spread = base * policy.jitter * (hashUnit(`${seed}:${attempt}`) * 2 - 1);
  const delay = Math.max(0, Math.round(base + spread));
  return retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
}

/** FNV-1a → [0, 1). */
function hashUnit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x100000000;
}
