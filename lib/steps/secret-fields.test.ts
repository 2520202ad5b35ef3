import { describe, expect, it } from 'vitest';
import { mapSecretFields, secretValues, type SecretField } from './secret-fields';

const fields: SecretField[] = [{ path: ['auth', 'token'] }, { list: 'headers', value: 'value', flag: 'secret' }];

describe('secret fields declared by a step definition', () => {
  it('maps only the declared values: a path, and list items flagged secret', () => {
    const config = { url: 'u', auth: { token: 'tok', kind: 'header' }, headers: [{ name: 'a', value: 'plain' }, { name: 'b', value: 'hidden', secret: true }, { name: 'c', value: '', secret: true }] };
    const sealed = mapSecretFields(config, fields, (v) => `S(${v})`);
    expect(sealed).toEqual({ url: 'u', auth: { token: 'S(tok)', kind: 'header' }, headers: [{ name: 'a', value: 'plain' }, { name: 'b', value: 'S(hidden)', secret: true }, { name: 'c', value: '', secret: true }] });
    expect(config.auth.token).toBe('tok');
    expect(secretValues(config, fields)).toEqual(['tok', 'hidden']);
  });

  it('leaves configs without those fields, and types that declare none, untouched', () => {
    const config = { url: 'u', headers: 'not a list' };
    expect(mapSecretFields(config, fields, () => 'x')).toBe(config);
    expect(mapSecretFields({ a: 1 }, undefined, () => 'x')).toEqual({ a: 1 });
    expect(secretValues(null, fields)).toEqual([]);
  });
});
