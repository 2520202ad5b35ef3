import type { PureRunner } from '../runtime';

export const switchRunner: PureRunner = {
  kind: 'pure',
  run: (config: { value: unknown; cases: { port: string; equals: unknown }[] }, input) => {
    const hit = config.cases.find((c) => sameJson(c.equals, config.value));
    return { output: input, port: hit?.port ?? 'default' };
  },
};

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
