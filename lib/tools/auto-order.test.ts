import { describe, expect, it } from 'vitest';
import { flow } from '@/lib/engine/testing/flow-builder';
import { prepareFlow, type PreparedFlow } from '@/lib/workflow/prepare';
import { applyAutoOrder, autoOrderToolIds, type ToolRank } from './auto-order';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function prepared(order: 'listed' | 'auto' | undefined): PreparedFlow {
  const alternatives = [{ label: 'b', config: { toolId: B } }, { label: 'c', config: { toolId: C } }];
  const def = flow().webhook('t').step('call', 'tool-call', { toolId: A, input: {} }, { policy: { alternatives, ...(order ? { order } : {}) } as never }).chain('t', 'call').build();
  const r = prepareFlow(def);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.prepared;
}
/** Which tool each slot (primary, then alternatives) calls after ordering. */
const toolsInOrder = (p: PreparedFlow) => {
  const s = p.steps.get('call')!;
  return [s.compiled, ...s.alternatives].map((c) => (c.evaluate({} as never) as { toolId: string }).toolId);
};
const ranks = (m: Record<string, ToolRank>) => (id: string) => m[id];

describe('applyAutoOrder', () => {
  it('sorts by success rate, ties by p50 latency, and keeps labels with their configs', () => {
    const out = applyAutoOrder(prepared('auto'), ranks({ [A]: { successRate: 0.5, p50Ms: 1 }, [B]: { successRate: 0.9, p50Ms: 50 }, [C]: { successRate: 0.9, p50Ms: 10 } }));
    expect(toolsInOrder(out)).toEqual([C, B, A]);
    expect(out.steps.get('call')!.policy.alternatives.map((a) => a.label)).toEqual(['b', 'listed first']);
  });

  it('puts tools without figures after those with, in listed order', () => {
    expect(toolsInOrder(applyAutoOrder(prepared('auto'), ranks({ [C]: { successRate: 0.1, p50Ms: 1 } })))).toEqual([C, A, B]);
    expect(toolsInOrder(applyAutoOrder(prepared('auto'), ranks({})))).toEqual([A, B, C]);
  });

  it('leaves listed (and unset) order alone and reads no tool ids for it', () => {
    const r = ranks({ [C]: { successRate: 1, p50Ms: 1 } });
    for (const order of ['listed', undefined] as const) {
      const p = prepared(order);
      expect(applyAutoOrder(p, r)).toBe(p);
      expect(autoOrderToolIds(p)).toEqual([]);
    }
    expect(autoOrderToolIds(prepared('auto')).sort()).toEqual([A, B, C]);
  });
});
