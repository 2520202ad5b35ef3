import { describe, expect, it } from 'vitest';
import { deriveGraph } from './derive';
import { flow } from '@/lib/engine/testing/flow-builder';
import type { StepNodeType } from './step-node';

const policy = {
  retry: { maxAttempts: 3 },
  timeoutMs: 5_000,
  alternatives: [{ config: {} }],
  confidence: { path: 'score', threshold: 0.8 },
  escalation: { reason: 'check', deadlineMs: 60_000, onTimeout: 'fail' },
};
const doc = () => {
  const d = flow()
    .webhook('t')
    .step('if', 'condition', { condition: '{{ input.ok }}' })
    .step('blank', 'switch', { cases: 'not a list yet' })
    .scripted('call', { policy: policy as never })
    .set('off', {}, { disabled: true })
    .step('odd', 'no-such-type')
    .chain('t', 'if')
    .edge('if', 'call', 'true', 'yes')
    .edge('call', 'off', 'error')
    .build();
  d.steps.find((s) => s.id === 'off')!.pinned = { output: {} } as never;
  d.steps.find((s) => s.id === 'call')!.name = 'Call the bank';
  d.notes = [{ id: 'n1', text: 'why', position: { x: 1, y: 2 } }] as never;
  return d;
};
const byId = (nodes: ReturnType<typeof deriveGraph>['nodes']) => Object.fromEntries(nodes.map((n) => [n.id, n])) as Record<string, StepNodeType>;

describe('deriveGraph', () => {
  it('gives each step the ports of its type, falling back to "out" while its config is incomplete', () => {
    const n = byId(deriveGraph(doc(), []).nodes);
    expect(n.if!.data.ports).toEqual(['true', 'false']);
    expect(n.blank!.data.ports).toEqual(['out']);
    expect([n.t!.data.hasInput, n.t!.data.hasError, n.call!.data.hasInput, n.call!.data.hasError]).toEqual([false, false, true, true]);
  });

  it('labels, badges, disabled flags, unknown types and issues per step', () => {
    const n = byId(deriveGraph(doc(), [{ stepId: 'call', message: 'bad url' }, { message: 'flow-level' }]).nodes);
    expect(n.call!.data).toMatchObject({ label: 'Call the bank', issues: ['bad url'], badges: ['retry ×3', 'timeout 5s', '1 alt', 'conf ≥ 0.8', 'review'] });
    expect(n.off!.data).toMatchObject({ label: 'off', disabled: true, badges: ['pinned'], issues: [] });
    expect(n.odd!.data).toMatchObject({ typeLabel: 'Unknown type "no-such-type"', category: 'Unknown', hasError: false });
  });

  it('places steps without a position in a row and puts notes first, behind the steps', () => {
    const { nodes } = deriveGraph(doc(), []);
    expect(nodes[0]).toMatchObject({ id: 'note:n1', type: 'note', position: { x: 1, y: 2 }, zIndex: -1, data: { noteId: 'n1', text: 'why' } });
    expect(byId(nodes).if!.position).toEqual({ x: 300, y: 120 });
  });

  it('maps edges to handles, labels branch ports and draws error edges dashed red', () => {
    const { edges } = deriveGraph(doc(), []);
    expect(edges).toEqual([
      { id: 't:out->if', source: 't', target: 'if', sourceHandle: 'out', targetHandle: 'in', label: undefined, style: undefined },
      { id: 'if:true->call', source: 'if', target: 'call', sourceHandle: 'true', targetHandle: 'in', label: 'yes', style: undefined },
      {
        id: 'call:error->off',
        source: 'call',
        target: 'off',
        sourceHandle: 'error',
        targetHandle: 'in',
        label: 'error',
        style: { stroke: '#ef4444', strokeDasharray: '4 3' },
      },
    ]);
  });

  it('shows the live run status of each step', () => {
    const n = byId(deriveGraph(doc(), [], { call: { status: 'retrying', detail: 'attempt 2' } }).nodes);
    expect([n.call!.data.status, n.call!.data.detail, n.if!.data.status]).toEqual(['retrying', 'attempt 2', undefined]);
  });
});
