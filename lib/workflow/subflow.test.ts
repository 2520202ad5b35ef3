import { describe, expect, it } from 'vitest';
import { upTo } from './subflow';
import { flow } from '@/lib/engine/testing/flow-builder';

describe('upTo', () => {
  it('keeps the step and its upstream only', () => {
    const doc = flow().webhook('t').set('a', {}).set('b', {}).set('side', {}).set('after', {}).chain('t', 'a', 'b', 'after').edge('t', 'side').build();
    const sub = upTo(doc, 'b');
    expect(sub.steps.map((s) => s.id).sort()).toEqual(['a', 'b', 't']);
    expect(sub.edges).toEqual([{ from: 't', to: 'a', port: 'out' }, { from: 'a', to: 'b', port: 'out' }]);
  });
});
