import { NonRetriableError } from '../errors';
import type { PureRunner } from '../runtime';

type Config = { status: number | string; headers: Record<string, unknown>; body: unknown };

/** Passes its input on and hands the driver the response for the waiting caller. */
export const respondRunner: PureRunner = {
  kind: 'pure',
  run: (config: Config, input) => {
    const status = Number(config.status);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new NonRetriableError(`Response status must be a number from 100 to 599, got ${JSON.stringify(config.status)}`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(config.headers)) headers[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
    return { output: input, response: { status, headers, body: config.body } };
  },
};
