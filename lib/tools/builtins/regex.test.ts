import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (input: unknown) => {
  const out = await runTool('regex.extract', input);
  expect(outputProblems('regex.extract', out)).toEqual([]);
  return out as { matches: { match: string; index: number; groups: (string | null)[]; named: Record<string, string | null> }[]; count: number; truncated: boolean };
};

describe('regex.extract', () => {
  it('returns every match with numbered and named groups and UTF-16 positions', async () => {
    const out = await run({ text: 'é 2024-05 and 1999-12', pattern: '(?<year>\\d{4})-(?<month>\\d\\d)' });
    expect(out).toEqual({
      matches: [
        { match: '2024-05', index: 2, groups: ['2024', '05'], named: { year: '2024', month: '05' } },
        { match: '1999-12', index: 14, groups: ['1999', '12'], named: { year: '1999', month: '12' } },
      ],
      count: 2,
      truncated: false,
    });
  });
  it('gives null for a group that did not take part, and steps past empty matches', async () => {
    expect((await run({ text: 'ab', pattern: 'a(x)?|b' })).matches.map((m) => m.groups)).toEqual([[null], [null]]);
    expect((await run({ text: 'baa', pattern: 'a*' })).matches.map((m) => [m.match, m.index])).toEqual([['', 0], ['aa', 1], ['', 3]]);
  });
  it('applies the i, m and s flags', async () => {
    expect((await run({ text: 'Foo foo', pattern: 'foo', flags: 'i' })).count).toBe(2);
    expect((await run({ text: 'a\nb', pattern: '^\\w$', flags: 'm' })).count).toBe(2);
    expect((await run({ text: 'a\nb', pattern: 'a.b' })).count).toBe(0);
    expect((await run({ text: 'a\nb', pattern: 'a.b', flags: 's' })).count).toBe(1);
  });
  it('stops at maxMatches and says there were more', async () => {
    expect(await run({ text: 'aaaa', pattern: 'a', maxMatches: 3 })).toMatchObject({ count: 3, truncated: true });
    expect(await run({ text: 'aaa', pattern: 'a', maxMatches: 3 })).toMatchObject({ count: 3, truncated: false });
  });
  it('runs a catastrophic-backtracking pattern on a long input to the end (linear engine)', async () => {
    // On a backtracking engine (a+)+$ over 50,000 a's and a ! would not finish in this lifetime.
    const out = await run({ text: `${'a'.repeat(50_000)}!`, pattern: '(a+)+$' });
    expect(out).toEqual({ matches: [], count: 0, truncated: false });
    expect((await run({ text: `${'a'.repeat(50_000)}!`, pattern: '(a|aa)+!' })).matches[0]?.match).toHaveLength(50_001);
  });
  it('refuses look-around and back-references with the reason, and a broken pattern', async () => {
    await expect(runTool('regex.extract', { text: 'x', pattern: 'a(?=b)' })).rejects.toThrow(/^The pattern is not usable: .*look-around and back-references are not supported/);
    await expect(runTool('regex.extract', { text: 'x', pattern: '(a)\\1' })).rejects.toThrow(/^The pattern is not usable: .*not supported/);
    await expect(runTool('regex.extract', { text: 'x', pattern: '(a' })).rejects.toThrow('The pattern is not usable: error parsing regexp: missing closing ): `(a`');
  });
  it('refuses unknown flags, and inputs past their limits', async () => {
    await expect(runTool('regex.extract', { text: 'x', pattern: 'x', flags: 'g' })).rejects.toThrow('Extract with a regular expression: flags must match pattern "^[ims]*$"');
    await expect(runTool('regex.extract', { text: 'x'.repeat(1_000_001), pattern: 'x' })).rejects.toThrow('text is 1,000,001 characters; the limit is 1,000,000');
    await expect(runTool('regex.extract', { text: 'x', pattern: 'x'.repeat(2_001) })).rejects.toThrow('pattern must NOT have more than 2000 characters');
    await expect(runTool('regex.extract', { text: 'x', pattern: 'x', maxMatches: 10_001 })).rejects.toThrow('maxMatches must be <= 10000');
  });
});
