import 'server-only';
import type { Sql } from '@/db/client';
import { withResponseCache, type ResponseCacheSetting } from '@/lib/model-cache/response-cache';
import type { ModelPort, ModelRequest } from '@/lib/steps/runtime';
import { holdCost, type TokenPrice } from './reserve';

/** What the model layer says a request will be sent to, before it is sent. */
export type ModelQuote = { provider: string; model: string; price: TokenPrice; maxOutputTokens: number };

/**
 * Tokens can never outnumber the bytes they encode (every BPE token covers at least one byte),
 * so the prompt's UTF-8 length bounds its input tokens from above: a hold is never too small.
 */
export function inputTokenBound(req: ModelRequest): number {
  return Buffer.byteLength(JSON.stringify([req.messages, req.schema ?? null]));
}

/** Room for the repair turn's list of validation problems (at most 10 short lines). */
const REPAIR_PROBLEMS_TOKENS = 2_048;

/**
 * The worst case of one request to the model layer. With a schema it may make two calls (the
 * answer, then one repair that re-sends the prompt with that answer and its problems), so the
 * hold covers both: the prompt twice, the first answer once more as input, two answers of output.
 */
export function worstCaseTokens(req: ModelRequest, maxOutputTokens: number): { inputTokens: number; maxOutputTokens: number } {
  const input = inputTokenBound(req);
  if (!req.schema) return { inputTokens: input, maxOutputTokens };
  return { inputTokens: 2 * input + maxOutputTokens + REPAIR_PROBLEMS_TOKENS, maxOutputTokens: 2 * maxOutputTokens };
}

/**
 * One attempt's model port: each call is answered from the step's response cache when it can
 * be, else holds its worst case against the run's and the day's caps, is sent, and settles to
 * what it cost (or releases the hold when it failed). Calls within the attempt are numbered, so
 * a repair turn or a second sample holds its own share.
 */
export function meteredModel(
  base: ModelPort,
  d: {
    sql: Sql;
    quote: (req: ModelRequest) => Promise<ModelQuote>;
    runId: string;
    key: string;
    runCapUsd: number | null;
    /** Overrides the request's own `cache` setting (tests); by default each request brings its step's. */
    cache?: ResponseCacheSetting;
    now: () => Date;
  },
): ModelPort {
  let n = 0;
  return {
    generate: async (req, opts) => {
      const q = await d.quote(req);
      const call = ++n;
      const { result } = await withResponseCache(d.sql, { provider: q.provider, req, setting: d.cache ?? req.cache, now: d.now }, async () => {
        const hold = await holdCost(d.sql, {
          key: `${d.key}:model:${call}`,
          runId: d.runId,
          runCapUsd: d.runCapUsd,
          now: d.now(),
          call: { model: q.model, price: q.price, ...worstCaseTokens(req, req.maxTokens ?? q.maxOutputTokens) },
        });
        try {
          const r = await base.generate(req, opts);
          await hold.settle(r.usage.costUsd);
          return r;
        } catch (err) {
          await hold.settle(null);
          throw err;
        }
      });
      return result;
    },
  };
}
