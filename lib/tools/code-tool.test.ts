import { describe, expect, it } from 'vitest';
import { runCodeTool } from './code-tool';

const run = (source: string, input: unknown = null, signal = new AbortController().signal) => runCodeTool({ source, input, signal });

describe('code tool', () => {
  it('returns the JSON value the function body returns, given the input', async () => {
    expect(await run('return { total: input.items.reduce((s, x) => s + x.price, 0), at: new Date(0).toISOString() };', { items: [{ price: 2 }, { price: 3.5 }] })).toEqual({ total: 5.5, at: '1970-01-01T00:00:00.000Z' });
    expect(await run('return undefined;')).toBeNull();
  });
  it('reports a thrown error with its message', async () => {
    await expect(run('throw new TypeError("bad input: " + input.id)', { id: 7 })).rejects.toMatchObject({ kind: 'Error', message: 'TypeError: bad input: 7' });
  });
  it('stops an infinite loop at the code step’s time limit', async () => {
    await expect(run('while (true) {}')).rejects.toMatchObject({ kind: 'StepTimeoutError', message: 'Code ran longer than 2000 ms' });
  }, 15_000);
  it('has no process, require, fetch or timers to reach out with', async () => {
    expect(await run('return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof globalThis.process];')).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    await expect(run('return require("fs").readFileSync("/etc/passwd", "utf8")')).rejects.toMatchObject({ message: expect.stringMatching(/ReferenceError: .*require/) });
  });
  it('refuses empty code with the code step’s message, and a cancelled call', async () => {
    await expect(run('')).rejects.toMatchObject({ kind: 'NonRetriableError', message: 'Code tool: Write the code to run' });
    const ac = new AbortController();
    ac.abort();
    await expect(run('return 1', null, ac.signal)).rejects.toThrow('Code tool: cancelled before it started');
  });
});
