import { describe, expect, it } from 'vitest';
import { contractGaps, schemaShapeProblems } from './contracts';
import { prepareFlow } from './prepare';
import { flow } from '@/lib/engine/testing/flow-builder';

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });

describe('contract gaps between a step output and the next input', () => {
  it('fits when every required property is guaranteed with a compatible type', () => {
    expect(contractGaps(obj({ email: { type: 'string' }, n: { type: 'integer' } }, ['email', 'n']), obj({ email: { type: 'string' }, n: { type: 'number' } }, ['email']))).toEqual([]);
  });
  it('names a required property the output does not always give', () => {
    expect(contractGaps(obj({ email: { type: 'string' } }), obj({ email: { type: 'string' } }, ['email']))).toEqual(['"email" is required here, but the previous step does not always give it']);
  });
  it('a default counts as always given', () => {
    expect(contractGaps(obj({ email: { type: 'string', default: '' } }), obj({}, ['email']))).toEqual([]);
  });
  it('names a type mismatch at its path, nested and in list items', () => {
    expect(contractGaps(obj({ a: obj({ b: { type: 'string' } }, ['b']) }, ['a']), obj({ a: obj({ b: { type: 'number' } }, ['b']) }, ['a']))).toEqual(['"a.b" is string, but number is expected']);
    expect(contractGaps({ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'boolean' } })).toEqual(['"[]" is string, but boolean is expected']);
    expect(contractGaps({ type: 'number' }, { type: 'integer' })).toEqual(['the value is number, but integer is expected']);
  });
  it('schemas without types accept anything', () => {
    expect(contractGaps({}, obj({ x: { type: 'string' } }))).toEqual([]);
  });
});

describe('schema shape problems', () => {
  it('reports bad types, required lists and nested properties', () => {
    expect(schemaShapeProblems({ type: 'text' })).toEqual(['"text" is not a JSON Schema type (use string, number, integer, boolean, object, array, null)']);
    expect(schemaShapeProblems({ type: 'object', required: 'a' })).toEqual(['"required" must be a list of property names']);
    expect(schemaShapeProblems(obj({ a: { type: 'strin' } }))[0]).toMatch(/^property "a": "strin" is not/);
    expect(schemaShapeProblems([])).toEqual(['must be a JSON Schema object']);
  });
});

describe('the validator checks contracts on connections', () => {
  const body = obj({ email: { type: 'string' } }, ['email']);
  it('a webhook body schema that gives what the next step requires passes', () => {
    const doc = flow().webhook('t', { bodySchema: body }).set('a', {}, { contract: { input: body } }).chain('t', 'a').build();
    expect(prepareFlow(doc).ok).toBe(true);
  });
  it('a mismatch is located at the receiving step and its edge', () => {
    const doc = flow().webhook('t', { bodySchema: obj({ email: { type: 'number' } }, ['email']) }).set('a', {}, { contract: { input: body } }).chain('t', 'a').build();
    const r = prepareFlow(doc);
    expect(r.ok ? [] : r.issues).toEqual([{ edge: 0, stepId: 'a', field: 'contract.input', message: 'Input from "t" does not fit this step\'s contract: "email" is number, but string is expected' }]);
  });
  it('error edges and merges are not checked against the source output', () => {
    const doc = flow().webhook('t', { bodySchema: obj({}) }).scripted('c').set('h', {}, { contract: { input: body } }).chain('t', 'c').edge('c', 'h', 'error').build();
    expect(prepareFlow(doc).ok).toBe(true);
  });
  it('a malformed contract on a step is a located error', () => {
    const doc = flow().webhook('t').set('a', {}, { contract: { output: { type: 'text' } } }).chain('t', 'a').build();
    const r = prepareFlow(doc);
    expect(r.ok ? [] : r.issues).toContainEqual(expect.objectContaining({ stepId: 'a', field: 'contract.output' }));
  });
});
