import 'server-only';
import { createHash } from 'node:crypto';
import type { Sql } from '@/db/client';
import { readCachedResponse, writeCachedResponse } from '@/db/queries/model-cache';
import type { ModelRequest, ModelResult } from '@/lib/steps/runtime';

/** A step's cache setting: off unless the step turns it on; only deterministic calls are cached. */
export type ResponseCacheSetting = { ttlSeconds: number };

export type CachedCall = { result: ModelResult; hit: boolean };

/**
 * Everything that shapes the answer goes into the key (provider, model, every message, the
 * schema, temperature, max tokens), canonically ordered, so two calls share an entry only when
 * a provider would see the same request.
 */
export function cacheKey(provider: string, req: ModelRequest): string {
  const canonical = JSON.stringify([provider, req.model ?? null, req.messages, req.schema ?? null, req.temperature ?? null, req.maxTokens ?? null], sortedKeys);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortedKeys(_k: string, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Only temperature 0 is deterministic enough to answer from a cache. */
export const cacheable = (req: ModelRequest, setting: ResponseCacheSetting | undefined): setting is ResponseCacheSetting =>
  !!setting && setting.ttlSeconds > 0 && req.temperature === 0;

/**
 * Answers from the cache when it holds a live entry, else calls and stores the answer. A hit
 * reports zero tokens and zero cost: nothing was spent.
 */
export async function withResponseCache(
  sql: Sql,
  a: { provider: string; req: ModelRequest; setting: ResponseCacheSetting | undefined; now: () => Date },
  call: () => Promise<ModelResult>,
): Promise<CachedCall> {
  if (!cacheable(a.req, a.setting)) return { result: await call(), hit: false };
  const key = cacheKey(a.provider, a.req);
  const cached = (await readCachedResponse(sql, key, a.now())) as ModelResult | undefined;
  if (cached)
    return { result: { ...cached, usage: { ...cached.usage, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, cacheHit: true } }, hit: true };
  const result = await call();
  await writeCachedResponse(sql, key, result, new Date(a.now().getTime() + a.setting.ttlSeconds * 1000));
  return { result, hit: false };
}
