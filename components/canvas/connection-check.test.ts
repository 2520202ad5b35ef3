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

describe('connectionProblem with contracts', () => {
  const doc = flow()
    .webhook('t', { bodySchema: { type: 'object', properties: { email: { type: 'number' } }, required: ['email'] } })
    .set('a', {}, { contract: { input: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] } } })
    .build();
  it('refuses a connection whose contracts cannot fit, saying which property', () => {
    expect(connectionProblem(doc, 't', 'out', 'a')).toBe('The contracts do not fit: "email" is number, but string is expected.');
  });
  it('an error edge carries the error, so it is not held to the output contract', () => {
    expect(connectionProblem(doc, 't', 'error', 'a')).toBeNull();
  });
});
