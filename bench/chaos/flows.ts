import { openDb } from '@/db/client';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';

/** The matrix's phases: where a run is when the kill lands. */
export const PHASES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_NAMES: Record<Phase, string> = {
  a: 'pure batch',
  b: 'HTTP attempt in flight',
  c: 'review wait',
  d: 'timer wait',
  e: 'retry back-off',
  f: 'call-flow fan-out (100 items, c=10)',
  g: 'sub-flow call',
};

export const WAIT_MS = 2_000;
export const FAN_OUT = 100;
/** Back-off of cell e: two failures, ~1 s then ~1.5 s (jitter 20 %). */
const RETRY = { maxAttempts: 5, initialIntervalMs: 1_000, backoffCoefficient: 1.5, maxIntervalMs: 5_000, jitter: 0.2, nonRetryable: [] };
/** The longest single back-off of cell e's flow: 1 s × 1.5 after the second failure, +20 % jitter. */
export const MAX_BACKOFF_MS = 1_800;

/** An HTTP step to the loopback API whose body names the run and step (checked against the key). */
const call = (echo: string, path: string, step: string) => ({ method: 'POST', url: `${echo}${path}`, body: { run: '{{ run.id }}', step } });

/**
 * Publishes one flow per phase (and the two child flows) in Baton's database and returns their
 * webhook keys. Every trigger is an async webhook: a 202 means the run is committed.
 */
export async function publishFlows(dbUrl: string, echo: string): Promise<Record<Phase, string>> {
  const h = openDb(dbUrl, 2);
  try {
    const put = async (name: string, def: ReturnType<ReturnType<typeof flow>['build']>) => insertPublishedFlow(h.db, def, { name });
    const async = { mode: 'async' };
    const pure = flow().webhook('t', async);
    const chain = ['t'];
    for (let i = 1; i <= 30; i++) {
      pure.set(`s${i}`, { [`v${i}`]: `{{ ${i} }}` });
      chain.push(`s${i}`);
    }
    const a = await put('Chaos a', pure.step('o', 'output', { value: '{{ input }}' }).chain(...chain, 'o').build());
    const b = await put('Chaos b', flow().webhook('t', async).set('before', { p: true }).step('call', 'http-request', call(echo, '/b', 'call')).set('after', { ok: '{{ input.body.ok }}' }).chain('t', 'before', 'call', 'after').build());
    const review = { confidence: { path: 'body.c', threshold: 0.9 }, escalation: { reason: 'Chaos review', deadlineMs: 300_000, onTimeout: 'fail' as const } };
    const c = await put('Chaos c', flow().webhook('t', async).step('score', 'http-request', call(echo, '/c', 'score'), { policy: review }).step('o', 'output', { value: '{{ input.body.label }}' }).chain('t', 'score', 'o').build());
    const d = await put('Chaos d', flow().webhook('t', async).step('first', 'http-request', call(echo, '/d', 'first')).step('wait', 'delay', { ms: WAIT_MS }).step('second', 'http-request', call(echo, '/d', 'second')).step('o', 'output', { value: '{{ input.body.ok }}' }).chain('t', 'first', 'wait', 'second', 'o').build());
    const e = await put('Chaos e', flow().webhook('t', async).step('flaky', 'http-request', call(echo, '/e', 'flaky'), { policy: { retry: RETRY } }).step('o', 'output', { value: '{{ input.body.ok }}' }).chain('t', 'flaky', 'o').build());
    const item = await put('Chaos f item', flow().webhook('t', async).step('item', 'http-request', call(echo, '/f', 'item')).step('o', 'output', { value: '{{ input.body.ok }}' }).chain('t', 'item', 'o').build());
    const f = await put('Chaos f', flow().webhook('t', async).step('map', 'call-flow', { flowId: item.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 10 }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build());
    const sub = await put('Chaos g child', flow().webhook('t', async).step('work', 'http-request', call(echo, '/g', 'work')).step('o', 'output', { value: '{{ input.body.ok }}' }).chain('t', 'work', 'o').build());
    const g = await put('Chaos g', flow().webhook('t', async).step('sub', 'call-flow', { flowId: sub.flowId }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'sub', 'o').build());
    return { a: a.webhookKey, b: b.webhookKey, c: c.webhookKey, d: d.webhookKey, e: e.webhookKey, f: f.webhookKey, g: g.webhookKey };
  } finally {
    await h.sql.end({ timeout: 5 });
  }
}

/** The body each phase's webhook gets: the fan-out's list of items, or a small order. */
export const bodyFor = (p: Phase, n: number) => (p === 'f' ? { list: Array.from({ length: FAN_OUT }, (_, i) => ({ i })) } : { order: n });
