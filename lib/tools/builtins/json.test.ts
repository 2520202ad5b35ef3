import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (key: string, input: unknown) => {
  const out = await runTool(key, input);
  expect(outputProblems(key, out)).toEqual([]);
  return out;
};

describe('json.parse', () => {
  it('reads any JSON value', async () => {
    expect(await run('json.parse', { text: '{"a": [1, "x", null, true]}' })).toEqual({ value: { a: [1, 'x', null, true] } });
    expect(await run('json.parse', { text: ' 42 ' })).toEqual({ value: 42 });
  });
  it('says where a mistake is, by line and column, with the text around it', async () => {
    await expect(runTool('json.parse', { text: '{\n  "a": 1,\n  "b": }' })).rejects.toThrow(/^Not valid JSON at line 3, column 8 \(position 19\): value expected, near “.*"b": }”$/);
    await expect(runTool('json.parse', { text: '{"a": 1' })).rejects.toThrow(/^Not valid JSON at line 1, column 8 \(position 7\): close brace expected/);
    await expect(runTool('json.parse', { text: '[1, 2,]' })).rejects.toThrow(/^Not valid JSON at line 1, column 7 \(position 6\): value expected/);
    await expect(runTool('json.parse', { text: '{"a": 1} // note' })).rejects.toThrow(/^Not valid JSON at line 1, column 10 \(position 9\)/);
    await expect(runTool('json.parse', { text: '   ' })).rejects.toThrow('Not valid JSON: the text is empty');
  });
  it('refuses text past the size limit, naming it', async () => {
    await expect(runTool('json.parse', { text: `"${'x'.repeat(1_000_000)}"` })).rejects.toThrow('text is 1,000,002 characters; the limit is 1,000,000');
  });
});

describe('json.stringify', () => {
  it('writes compact, indented, or with sorted keys at every level', async () => {
    expect(await run('json.stringify', { value: { b: 1, a: [2] } })).toEqual({ text: '{"b":1,"a":[2]}' });
    expect(await run('json.stringify', { value: { b: 1 }, indent: 2 })).toEqual({ text: '{\n  "b": 1\n}' });
    expect(await run('json.stringify', { value: { b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] }, sortKeys: true })).toEqual({ text: '{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}' });
  });
  it('refuses an indent out of range', async () => {
    await expect(runTool('json.stringify', { value: 1, indent: 20 })).rejects.toThrow('Write JSON: indent must be <= 8');
  });
});
