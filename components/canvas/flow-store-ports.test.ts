import { beforeEach, describe, expect, it } from 'vitest';
import { useFlowStore } from './flow-store';
import { deriveGraph } from './derive';

const doc = () => ({
  version: 1 as const,
  steps: [
    { id: 't', type: 'manual-trigger', config: {} },
    { id: 'if', type: 'condition', config: {} },
    { id: 'r', type: 'respond', config: {} },
  ],
  edges: [{ from: 't', to: 'if', port: 'out' }, { from: 'if', to: 'r', port: 'out' }],
});

describe('a step whose ports change', () => {
  beforeEach(() => useFlowStore.getState().load(doc()));

  it('takes its edges along when the change is unambiguous (If: out → true)', () => {
    useFlowStore.getState().updateStep('if', { config: { condition: '{{ input.ok }}' } });
    expect(useFlowStore.getState().doc.edges).toEqual([{ from: 't', to: 'if', port: 'out' }, { from: 'if', to: 'r', port: 'true' }]);
  });

  it('keeps an edge whose port is gone drawn, on a flagged handle', () => {
    const d = { ...doc(), steps: [...doc().steps.slice(0, 2), { id: 's', type: 'switch', config: { value: 1, cases: [{ port: 'a', equals: 1 }] } }, doc().steps[2]!], edges: [{ from: 't', to: 's', port: 'out' }, { from: 's', to: 'r', port: 'b' }] };
    const g = deriveGraph(d, []);
    expect(g.edges.map((e) => e.sourceHandle)).toEqual(['out', 'b']);
    const node = g.nodes.find((n) => n.id === 's')!;
    expect(node.data).toMatchObject({ ports: ['a', 'default'], dangling: ['b'] });
  });
});
