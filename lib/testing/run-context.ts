import { guardedFetch } from '@/lib/net/guarded-fetch';
import { parseAllowList } from '@/lib/net/allow-list';
import type { ChildAttemptsPort, RunContext } from '@/lib/steps/runtime';
import { NO_MODELS, NO_TOOLS, traceOf } from '@/lib/runs/step-context';

/** Child attempts kept in memory: the same reuse rule as the Postgres port, for runner tests. */
export function memoryChildAttempts(done = new Map<string, unknown>()): ChildAttemptsPort {
  return {
    run: async <T>(key: string, effect: () => Promise<T>) => {
      if (done.has(key)) return done.get(key) as T;
      const result = await effect();
      done.set(key, result);
      return result;
    },
  };
}

/** A step's context for runner tests, with `allow` as BATON_ALLOWED_HOSTS entries (host:port). */
export const testRunContext = (allow: readonly string[] = [], over: Partial<RunContext> = {}): RunContext => {
  const signal = over.signal ?? new AbortController().signal;
  const allowList = parseAllowList(allow.join(','));
  return {
    runId: 'r',
    stepId: 's',
    attempt: 1,
    idempotencyKey: 'r:s',
    signal,
    http: (url, init, opts) => guardedFetch(url, init, { ...opts, allow: allowList, signal }),
    tools: NO_TOOLS,
    model: NO_MODELS,
    emit: () => {},
    trace: traceOf('00000000-0000-0000-0000-000000000000', 's', 1),
    children: memoryChildAttempts(),
    ...over,
  };
};
