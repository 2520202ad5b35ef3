import { describe, expect, it } from 'vitest';
import { jsonbText } from './jsonb-text';

describe('jsonbText', () => {
  it('replaces NUL in strings and keys, at any depth, and leaves everything else as JSON.stringify does', () => {
    const v = { a: 'x\0y', list: [{ 'k\0': '\0' }], n: 1, s: 'back\\u0000slash' };
    expect(JSON.parse(jsonbText(v))).toEqual({ a: 'x\uFFFDy', list: [{ 'k\uFFFD': '\uFFFD' }], n: 1, s: 'back\\u0000slash' });
    expect(jsonbText(v)).not.toContain('\\u0000"');
    const plain = { a: [1, 'two', null], b: { c: true } };
    expect(jsonbText(plain)).toBe(JSON.stringify(plain));
  });
});
