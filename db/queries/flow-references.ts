import type { Sql } from '@/db/client';

/** What a reference check needs to know of a flow another one names. */
export type FlowTarget = { id: string; name: string; active: boolean; numbers: number[] };

/** The named flows that exist, with whether they have an active version and their published numbers. */
export async function flowTargets(sql: Sql, ids: readonly string[]): Promise<FlowTarget[]> {
  if (!ids.length) return [];
  const rows = await sql<FlowTarget[]>`
    select f.id, f.name, f.active_version_id is not null as active, coalesce(array_agg(v.number) filter (where v.number is not null), '{}') as numbers
    from flows f left join flow_versions v on v.flow_id = f.id where f.id = any(${ids as string[]}::uuid[]) group by f.id`;
  return [...rows];
}
