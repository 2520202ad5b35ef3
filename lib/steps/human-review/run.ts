import type { PureRunner } from '../runtime';

/** The proposal a reviewer decides on: the data to show (already evaluated against the run). */
export const humanReviewRunner: PureRunner = {
  kind: 'pure',
  run: (config: { show?: unknown }, input) => ({ output: config.show === undefined ? input : config.show }),
};
