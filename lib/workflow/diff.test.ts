import { describe, expect, it } from 'vitest';
import { describeDiff, diffFlows } from './diff';
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
