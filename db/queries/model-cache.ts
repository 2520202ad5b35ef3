import type { Sql } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';

export async function readCachedResponse(sql: Sql, key: string, now: Date): Promise<unknown | undefined> {
  const [r] = await sql<{ result: unknown }[]>`select result from model_response_cache where key = ${key} and expires_at > ${now.toISOString()}::timestamptz`;
  return r?.result;
}

export async function writeCachedResponse(sql: Sql, key: string, result: unknown, expiresAt: Date): Promise<void> {
  await sql`insert into model_response_cache (key, result, expires_at) values (${key}, ${jsonbText(result)}::jsonb, ${expiresAt.toISOString()}::timestamptz)
    on conflict (key) do update set result = excluded.result, created_at = now(), expires_at = excluded.expires_at`;
}

/** Removes expired answers (the hourly retention pass calls it). */
export async function deleteExpiredResponses(sql: Sql, now: Date): Promise<number> {
  const r = await sql`delete from model_response_cache where expires_at <= ${now.toISOString()}::timestamptz`;
  return r.count;
}
