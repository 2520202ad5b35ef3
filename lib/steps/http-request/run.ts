import 'server-only';
import type { AsyncRunner } from '../runtime';
import { sendHttpRequest, type HttpRequestConfig } from './send';

export type { HttpRequestConfig } from './send';

/** The HTTP request step: sends its config through the run's `http` port with the run's idempotency key. */
export const httpRequestRunner: AsyncRunner = {
  kind: 'async',
  run: async (config: HttpRequestConfig, _input, ctx) => ({
    output: await sendHttpRequest(config, { http: ctx.http, idempotencyKey: ctx.idempotencyKey, signal: ctx.signal }),
  }),
};
