import type { Sql } from 'postgres';

/** Where a secret was found: a table column (with how many rows) or a named text source. */
export type SecretHit = { secret: string; where: string; count?: number };

/** Column types that can hold a secret as text. */
const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'];

export type ScannedColumn = { schema: string; table: string; column: string; type: string };

/**
 * Every text-like column of every base table in every schema but PostgreSQL's own, read from
 * information_schema at scan time, so a table added later is scanned without anyone listing it.
 * Arrays and enums count too (cast to text).
 */
export async function textColumns(sql: Sql): Promise<ScannedColumn[]> {
  return sql<ScannedColumn[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg_toast%'
      and c.data_type = any(${TEXT_TYPES})
    order by 1, 2, 3`;
}

/** Every row of every text-like column, as text, searched for each secret. */
export async function scanDatabase(sql: Sql, secrets: readonly string[]): Promise<{ hits: SecretHit[]; columns: ScannedColumn[] }> {
  const columns = await textColumns(sql);
  const hits: SecretHit[] = [];
  const id = (s: string) => `"${s.replaceAll('"', '""')}"`;
  for (const c of columns) {
    const rows = await sql.unsafe<{ secret: string; n: number }[]>(
      `select s.secret, (select count(*)::int from ${id(c.schema)}.${id(c.table)} where strpos(${id(c.column)}::text, s.secret) > 0) as n
       from unnest($1::text[]) as s(secret)`,
      [secrets as string[]],
    );
    for (const r of rows) if (r.n > 0) hits.push({ secret: r.secret, where: `${c.schema}.${c.table}.${c.column}`, count: r.n });
  }
  return { hits, columns };
}

/**
 * Searches text (a response, a page, a log) for each secret: as it is, and as JSON, URL and
 * base64 encodings would carry it.
 */
export function scanText(where: string, text: string, secrets: readonly string[]): SecretHit[] {
  return secrets.flatMap((s) => (encodings(s).some((e) => text.includes(e)) ? [{ secret: s, where }] : []));
}

const encodings = (s: string) => [...new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), Buffer.from(s).toString('base64').replace(/=+$/, '')])];
