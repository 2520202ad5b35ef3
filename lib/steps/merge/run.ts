import type { PureRunner } from '../runtime';

/** The kernel hands a merge its joined input ({label: output} or the first branch's output). */
export const mergeRunner: PureRunner = { kind: 'pure', run: (_config: unknown, input) => ({ output: input }) };
