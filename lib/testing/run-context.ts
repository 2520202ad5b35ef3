import { parseAllowList } from '@/lib/net/allow-list';
import type { RunContext } from '@/lib/steps/runtime';

/** A step's context for runner tests, with `allow` as BATON_ALLOWED_HOSTS entries (host:port). */
export const testRunContext = (allow: readonly string[] = [], over: Partial<RunContext> = {}): RunContext => ({
  runId: 'r',
  stepId: 's',
  attempt: 1,
  idempotencyKey: 'r:s',
  signal: new AbortController().signal,
  allowList: parseAllowList(allow.join(',')),
  ...over,
});
