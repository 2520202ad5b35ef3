import { describe, expect, it } from 'vitest';
import { fieldText, inputFields, readField } from './input-fields';

const schema = {
  type: 'object',
  required: ['email', 'count'],
  properties: {
    email: { type: 'string', title: 'E-mail', description: 'Where to send it' },
    count: { type: 'integer' },
    ratio: { type: 'number', default: 0.5 },
    vip: { type: 'boolean' },
    tier: { type: 'string', enum: ['gold', 'silver'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

describe('run input fields from a JSON Schema', () => {
  it('one field per property, of the right kind', () => {
    expect(inputFields(schema)).toEqual([
      { name: 'email', label: 'E-mail', kind: 'text', required: true, help: 'Where to send it', options: undefined, defaultValue: undefined },
      { name: 'count', label: 'count', kind: 'integer', required: true, help: undefined, options: undefined, defaultValue: undefined },
      { name: 'ratio', label: 'ratio', kind: 'number', required: false, help: undefined, options: undefined, defaultValue: 0.5 },
      { name: 'vip', label: 'vip', kind: 'boolean', required: false, help: undefined, options: undefined, defaultValue: undefined },
      { name: 'tier', label: 'tier', kind: 'choice', required: false, help: undefined, options: ['gold', 'silver'], defaultValue: undefined },
      { name: 'tags', label: 'tags', kind: 'json', required: false, help: undefined, options: undefined, defaultValue: undefined },
    ]);
  });
  it('no form without object properties', () => {
    expect(inputFields(undefined)).toBeNull();
    expect(inputFields({ type: 'array' })).toBeNull();
  });
  it('reads form text into values, with reasons for bad text', () => {
    const [email, count, ratio, vip, , tags] = inputFields(schema)!;
    expect(readField(email!, '')).toEqual({ error: 'Enter E-mail' });
    expect(readField(count!, '2.5')).toEqual({ error: 'count must be a whole number' });
    expect(readField(count!, '3')).toEqual({ value: 3 });
    expect(readField(ratio!, 'abc')).toEqual({ error: 'ratio must be a number' });
    expect(readField(ratio!, '')).toEqual({});
    expect(readField(vip!, 'true')).toEqual({ value: true });
    expect(readField(tags!, '["a"]')).toEqual({ value: ['a'] });
    expect(readField(tags!, '[a')).toMatchObject({ error: expect.stringMatching(/^tags is not valid JSON/) });
    expect(fieldText(tags!, ['a'])).toBe('[\n  "a"\n]');
  });
});
