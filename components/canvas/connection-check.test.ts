import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-check';
import { flow } from '@/lib/engine/testing/flow-builder';

describe('connectionProblem', () => {
  const doc = flow().webhook('t').set('a', {}).set('b', {}).chain('t', 'a', 'b').build();
  it('accepts a fresh forward connection', () => {
    expect(connectionProblem(doc, 't', 'out', 'b')).toBeNull();
  });
  it('refuses cycles, self-loops, duplicates and edges into a trigger, with a reason', () => {
    expect(connectionProblem(doc, 'b', 'out', 'a')).toMatch(/cycle/);
    expect(connectionProblem(doc, 'a', 'out', 'a')).toMatch(/itself/);
    expect(connectionProblem(doc, 't', 'out', 'a')).toMatch(/already connected/);
    expect(connectionProblem(doc, 'a', 'out', 't')).toMatch(/trigger/);
  });
});
