import type { PureRunner } from '../runtime';

export const outputRunner: PureRunner = { kind: 'pure', run: (config: { value: unknown }) => ({ output: config.value }) };
