import { describe, expect, it } from 'vitest';
import { describeDiff, diffFlows, diffStep } from './diff';
import { flow } from '@/lib/engine/testing/flow-builder';

describe('diffFlows', () => {
  it('lists added, removed and changed steps and connection changes, ignoring moves', () => {
    const a = flow().webhook('t').set('a', { x: 1 }).set('b', {}).chain('t', 'a', 'b').build();
    const b = flow().webhook('t').set('a', { x: 2 }).set('c', {}).chain('t', 'a', 'c').build();
    b.steps[0]!.position = { x: 999, y: 1 };
    const d = diffFlows(a, b);
    expect(d).toEqual({ added: ['c'], removed: ['b'], changed: ['a'], connections: 2 });
    expect(describeDiff(d)).toBe('added c; removed b; changed a; 2 connection changes');
    expect(describeDiff(diffFlows(a, a))).toBe('no changes');
  });
});

describe('diffStep', () => {
  it('names changed fields by their labels', () => {
    const before = { id: 'h', type: 'http-request', config: { url: 'http://a/fail', timeoutMs: 1000 } };
    const after = { id: 'h', type: 'http-request', name: 'Fetch', config: { url: 'http://a/ok', timeoutMs: 1000 } };
    expect(diffStep(before, after)).toEqual([{ field: 'URL', before: 'http://a/fail', after: 'http://a/ok' }, { field: 'name', before: '—', after: 'Fetch' }]);
    expect(diffStep(before, before)).toEqual([]);
    expect(diffStep(before, undefined)).toEqual([{ field: 'step', before: 'present', after: 'absent' }]);
  });
});
