import 'server-only';
import type { AsyncRunner } from '../runtime';
import { runInSandbox } from './sandbox-pool';

/** The step's output is what the code returns; `input` holds the step's input. */
export const codeRunner: AsyncRunner = {
  kind: 'async',
  run: async (config: { code: string; timeoutMs: number; memoryMb: number }, input, ctx) => {
    const { output } = await runInSandbox(config.code, input, { timeoutMs: config.timeoutMs, memoryMb: config.memoryMb, signal: ctx.signal });
    return { output };
  },
};
