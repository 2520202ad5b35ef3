import { describe, expect, it } from 'vitest';
import { pathWarnings, readPaths } from './path-check';
import { flow } from '@/lib/engine/testing/flow-builder';

describe('readPaths', () => {
  it('finds the member chains an expression reads', () => {
    expect(readPaths('input.score > 3 && steps.kyc.output.a["b"] == upper(input.name)')).toEqual([['input', 'score'], ['steps', 'kyc', 'output', 'a', 'b'], ['input', 'name']]);
    expect(readPaths('input.items[input.i].x')).toEqual([['input', 'items'], ['input', 'i']]);
  });
});

describe('pathWarnings', () => {
  it('flags input.score after an HTTP request, whose output is {status, headers, body}', () => {
    const doc = flow().webhook('t').step('call', 'http-request', { url: 'http://api.test/x' }).step('o', 'output', { value: '{{ input.score }} and {{ input.body.score }}' }).chain('t', 'call', 'o').build();
    expect(pathWarnings(doc)).toEqual([{ stepId: 'o', message: 'input.score cannot exist: the output of "call" has only status, headers, body (the response is in input.body)' }]);
  });
  it('judges by a pinned sample, and by steps.<id>.output', () => {
    const doc = flow().webhook('t').set('a', {}).set('b', {}).step('o', 'output', { value: '{{ steps.a.output.nope }} {{ input.ok }} {{ input.missing }}' }).chain('t', 'a', 'b', 'o').build();
    doc.steps.find((s) => s.id === 'a')!.pinned = { output: { yes: 1 } };
    doc.steps.find((s) => s.id === 'b')!.pinned = { output: { ok: true } };
    expect(pathWarnings(doc).map((w) => w.message)).toEqual([
      'steps.a.output.nope cannot exist: the pinned sample of "a" has only yes',
      'input.missing cannot exist: the pinned sample of "b" has only ok',
    ]);
  });
  it('says nothing when the upstream output is open or unknown', () => {
    const doc = flow().webhook('t').set('a', {}).step('o', 'output', { value: '{{ input.anything }}' }).chain('t', 'a', 'o').build();
    expect(pathWarnings(doc)).toEqual([]);
  });
});
