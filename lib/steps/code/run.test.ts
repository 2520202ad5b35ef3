import { describe, expect, it } from 'vitest';
import { runInSandbox } from './sandbox-pool';

describe('code step sandbox', () => {
  it('returns what the code returns, given the input', async () => {
    expect((await runInSandbox('return { doubled: input.n * 2, list: [1, 2] };', { n: 21 }, { timeoutMs: 1000, memoryMb: 32 })).output).toEqual({ doubled: 42, list: [1, 2] });
  });
  it('has no Node or network APIs', async () => {
    const { output } = await runInSandbox('return [typeof require, typeof process, typeof fetch, typeof globalThis.setTimeout];', null, { timeoutMs: 1000, memoryMb: 32 });
    expect(output).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });
  it('stops a busy loop at the time limit', async () => {
    await expect(runInSandbox('for (;;) {}', null, { timeoutMs: 100, memoryMb: 32 })).rejects.toMatchObject({ kind: 'StepTimeoutError' });
  });
  it('stops runaway memory at the limit', async () => {
    await expect(runInSandbox('const a = []; for (;;) a.push("x".repeat(1e5));', null, { timeoutMs: 5000, memoryMb: 16 })).rejects.toMatchObject({ kind: 'NonRetriableError' });
  });
  it('reports thrown errors with their message', async () => {
    await expect(runInSandbox('throw new Error("nope")', null, { timeoutMs: 1000, memoryMb: 32 })).rejects.toMatchObject({ kind: 'Error', message: 'Error: nope' });
  });
});
