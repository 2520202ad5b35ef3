import type { PureRunner } from './runtime';

/** Triggers never run as steps (a run starts at them); kept so the runner map is complete. */
export const triggerRunner: PureRunner = { kind: 'pure', run: (_c: unknown, input) => ({ output: input }) };
