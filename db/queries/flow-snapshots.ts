import 'server-only';
import { createHash } from 'node:crypto';
import type { Sql } from '@/db/client';

/**
 * The version a test run of the draft pins: an immutable snapshot row (number null), shared by
 * every test run of the same draft content.
 */
export async function snapshotDraft(sql: Sql, flowId: string): Promise<string | undefined> {
  const [flow] = await sql<{ draft: unknown }[]>`select draft from flows where id = ${flowId}`;
  if (!flow) return undefined;
  return snapshotDefinition(sql, flowId, flow.draft);
}

/** Snapshot of any definition of the flow (e.g. the part up to a step), deduplicated by content. */
export async function snapshotDefinition(sql: Sql, flowId: string, definition: unknown): Promise<string> {
  const flow = { draft: definition };
  const hash = createHash('sha256').update(JSON.stringify(flow.draft)).digest('hex');
  // The snapshot's editors are the draft's (self-approval), added to on reuse.
  const [found] = await sql<{ id: string }[]>`update flow_versions v set edited_by = array(select distinct e from unnest(v.edited_by || f.draft_editors) e)
    from flows f where f.id = v.flow_id and v.id = (select id from flow_versions where flow_id = ${flowId} and hash = ${hash} and number is null limit 1) returning v.id`;
  if (found) return found.id;
  const [row] = await sql<{ id: string }[]>`insert into flow_versions (flow_id, number, hash, definition, edited_by)
    values (${flowId}, null, ${hash}, ${JSON.stringify(flow.draft)}::jsonb, (select draft_editors from flows where id = ${flowId})) returning id`;
  return row!.id;
}
