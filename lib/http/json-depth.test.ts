import { describe, expect, it } from 'vitest';
import { jsonDepth, parseBoundedJson, TooDeepError } from './json-depth';

describe('jsonDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[[["}')).toBe(1);
    expect(jsonDepth('["\\\\", [1]]')).toBe(2);
  });

  it('stops past the limit, even for 100,000 levels', () => {
    expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000), 64)).toBe(65);
    expect(() => parseBoundedJson('['.repeat(65) + ']'.repeat(65))).toThrow(TooDeepError);
    expect(parseBoundedJson('['.repeat(64) + ']'.repeat(64))).toBeInstanceOf(Array);
  });
});
