import { describe, expect, it } from 'vitest';
import { exampleFlows } from './examples';
import { SPEED_WORKLOADS } from './speed-workloads';

const EXAMPLES = exampleFlows({ demoApiUrl: 'http://127.0.0.1:3010' });
import { prepareFlow } from './prepare';
import { Harness } from '@/lib/engine/testing/harness';

describe('example flows', () => {
  it.each(EXAMPLES.map((e) => [e.slug, e] as const))('%s validates', (_slug, ex) => {
    const r = prepareFlow(ex.definition);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('the example automations run to success on an empty input (Run with the defaults works)', () => {
    const runnable = ['route-by-amount'];
    for (const slug of runnable) {
      const h = new Harness(EXAMPLES.find((e) => e.slug === slug)!.definition).start({});
      expect(h.state?.status).toBe('succeeded');
    }
  });

  it('a new installation gets examples, not the benchmark workloads; the HTTP example calls the demo API', () => {
    expect(EXAMPLES.map((e) => e.name).filter((n) => n.startsWith('Speed'))).toEqual([]);
    expect(EXAMPLES.every((e) => !e.tags.includes('benchmark'))).toBe(true);
    const http = EXAMPLES.find((e) => e.slug === 'http-request')!.definition.steps.find((s) => s.type === 'http-request');
    expect(http?.config).toMatchObject({ url: 'http://127.0.0.1:3010/status' });
  });

  it('the speed workloads answer what the speed issue specifies', () => {
    const body = { id: 1, count: 0, text: 'hello' };
    const answer = (w: keyof typeof SPEED_WORKLOADS) => {
      const h = new Harness(SPEED_WORKLOADS[w].definition).start(body);
      return (h.commands.find((c) => c.type === 'respond') as { body: unknown }).body;
    };
    expect(answer('W0')).toEqual({ id: 1, count: 1, text: 'hello', s1: 1 });
    expect(answer('W1')).toEqual({ id: 1, count: 10, text: 'hello', s1: 1, s2: 2, s3: 3, s4: 4, s5: 5, s6: 6, s7: 7, s8: 8, s9: 9, s10: 10 });
    const w2 = answer('W2') as Record<string, Record<string, number>>;
    expect(w2.b1).toEqual({ id: 1, count: 3, text: 'hello', b1s1: 1, b1s2: 2, b1s3: 3 });
    expect(Object.keys(w2).sort()).toEqual(['b1', 'b2', 'b3']);
  });
});
