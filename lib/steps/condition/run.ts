import type { PureRunner } from '../runtime';

export const conditionRunner: PureRunner = {
  kind: 'pure',
  run: (config: { condition: unknown }, input) => ({ output: input, port: config.condition ? 'true' : 'false' }),
};
