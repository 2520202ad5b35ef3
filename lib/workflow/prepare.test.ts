import { describe, expect, it } from 'vitest';
import { prepareFlow, type FlowIssue } from './prepare';
import { flow } from '@/lib/engine/testing/flow-builder';

const issues = (doc: unknown): FlowIssue[] => {
  const r = prepareFlow(doc);
  return r.ok ? [] : r.issues;
};

describe('flow validation gives located errors', () => {
  it('accepts a valid flow', () => {
    expect(prepareFlow(flow().webhook('t').set('a', { x: 1 }).chain('t', 'a').build()).ok).toBe(true);
  });
  it('unknown step type', () => {
    expect(issues(flow().webhook('t').step('a', 'teleport').chain('t', 'a').build())).toContainEqual({ stepId: 'a', field: 'type', message: 'Unknown step type "teleport"' });
  });
  it('missing required config', () => {
    expect(issues(flow().webhook('t').step('h', 'http-request', {}).chain('t', 'h').build())).toContainEqual(expect.objectContaining({ stepId: 'h', field: 'config.url' }));
  });
  it('dangling and duplicate edges', () => {
    const doc = flow().webhook('t').set('a', {}).chain('t', 'a').edge('t', 'a').edge('a', 'ghost').build();
    const found = issues(doc);
    expect(found).toContainEqual(expect.objectContaining({ edge: 1, message: expect.stringContaining('Duplicate connection') }));
    expect(found).toContainEqual({ edge: 2, message: 'Connection ends at a missing step "ghost"' });
  });
  it('a port the step does not have', () => {
    expect(issues(flow().webhook('t').set('a', {}).edge('t', 'a', 'maybe').build())).toContainEqual(expect.objectContaining({ stepId: 't', message: '"t" has no output "maybe" (it has out): reconnect or delete that connection' }));
  });
  it('unreachable steps and a missing trigger', () => {
    expect(issues(flow().webhook('t').set('lonely', {}).build())).toContainEqual({ stepId: 'lonely', message: 'This step is not connected to a trigger, so it can never run' });
    expect(issues(flow().set('a', {}).build())).toContainEqual({ message: 'Add a trigger step: a flow starts from one' });
  });
  it('cycles', () => {
    const found = issues(flow().webhook('t').set('a', {}).set('b', {}).chain('t', 'a', 'b').edge('b', 'a').build());
    expect(found).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Steps form a cycle (a → b → a)') }));
  });
  it('expressions that do not parse or read steps that are not upstream', () => {
    expect(issues(flow().webhook('t').set('a', { x: '{{ input. }}' }).chain('t', 'a').build())).toContainEqual(expect.objectContaining({ stepId: 'a', field: 'config' }));
    const doc = flow().webhook('t').set('a', { x: '{{ steps.b.output }}' }).set('b', {}).edge('t', 'a').edge('t', 'b').build();
    expect(issues(doc)).toContainEqual({ stepId: 'a', field: 'config', message: 'An expression reads steps.b, which is not upstream of this step, so its output cannot exist yet' });
    expect(issues(flow().webhook('t').set('a', { x: '{{ steps.zz.output }}' }).chain('t', 'a').build())).toContainEqual(expect.objectContaining({ message: expect.stringContaining('there is no step "zz"') }));
  });
  it('bad shapes are located by step', () => {
    expect(issues({ version: 1, steps: [{ id: '9bad', type: 'transform' }], edges: [] })).toContainEqual(expect.objectContaining({ stepId: '9bad', field: 'id' }));
    expect(issues({ version: 2, steps: [], edges: [] })).toContainEqual(expect.objectContaining({ field: 'version' }));
    expect(issues('nonsense')).not.toHaveLength(0);
  });
});

describe('validator fuzz', () => {
  let seed = 99;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const pick = <T,>(xs: T[]) => xs[rnd(xs.length)]!;
  const values: unknown[] = [null, 1, 'x', '{{ input.a }}', '{{ steps.s1.output }}', '{{ ( }}', [], {}, { a: '{{ 1 + }}' }, true];
  const types = ['webhook-trigger', 'transform', 'condition', 'merge', 'respond', 'http-request', 'code', 'nope', 3];

  it('random documents never throw, only return located issues', () => {
    for (let i = 0; i < 2000; i++) {
      const n = rnd(6);
      const steps = Array.from({ length: n }, (_, k) => ({ id: rnd(8) ? `s${k}` : pick([1, '', 's0', null]), type: pick(types), config: rnd(3) ? { assignments: [{ name: 'a', value: pick(values) }], condition: pick(values), url: pick(values) } : pick(values), policy: rnd(4) ? undefined : { retry: { maxAttempts: pick([0, 1, 50, 'x']) } } }));
      const edges = Array.from({ length: rnd(8) }, () => ({ from: `s${rnd(n + 1)}`, to: `s${rnd(n + 1)}`, port: pick(['out', 'error', 'true', 'x', undefined]) }));
      const doc = rnd(10) ? { version: 1, steps, edges } : pick([null, [], { version: 1 }, 'x']);
      const r = prepareFlow(doc);
      const located = r.ok ? [] : r.issues.filter((issue) => typeof issue.message !== 'string' || issue.message.length === 0);
      expect(located).toEqual([]);
    }
  });
});
