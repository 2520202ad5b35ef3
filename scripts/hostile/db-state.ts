import type postgres from 'postgres';

/**
 * A fingerprint of everything a request may save: whole rows of the tables people edit, and
 * the number of rows of the run tables (runs started earlier keep writing their steps). Sign-in
 * counters, worker heartbeats and graphile's queue are bookkeeping, not saved state.
 */
const WHOLE = ['users', 'flows', 'flow_versions', 'api_tokens', 'access_links', 'credentials', 'credential_grants', 'tools', 'settings', 'user_sessions'];
const COUNTED = ['runs', 'review_tasks', 'audit_log'];

export async function dbState(sql: postgres.Sql): Promise<string> {
  const present = new Set((await sql<{ t: string }[]>`select table_name as t from information_schema.tables where table_schema = 'public'`).map((r) => r.t));
  const parts = [
    ...WHOLE.filter((t) => present.has(t)).map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${t} x)`),
    ...COUNTED.filter((t) => present.has(t)).map((t) => `(select count(*)::text from ${t})`),
  ];
  // api_tokens.last_used_at moves on every authenticated API call, refused or not.
  const [row] = await sql.unsafe<{ s: string }[]>(`select concat_ws(',', ${parts.join(', ').replace("from api_tokens x", "from (select id, user_id, name, token_hash, scopes, revoked_at from api_tokens) x")}) as s`);
  return row!.s;
}
