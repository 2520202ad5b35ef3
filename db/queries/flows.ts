import 'server-only';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, flowVersions, runs } from '@/db/schema';

/**
 * The flows list with each flow's last run status (one query, a correlated subquery on the
 * runs_flow_started index). The outer column is qualified by hand: drizzle renders `${flows.id}`
 * unqualified in a single-table select, and inside the subquery a bare "id" means runs.id.
 */
export async function listFlows(db: Db) {
  return db
    .select({
      id: flows.id,
      name: flows.name,
      description: flows.description,
      tags: flows.tags,
      active: flows.active,
      updatedAt: flows.updatedAt,
      lastRunStatus: sql<string | null>`(select r.status from ${runs} r where r.flow_id = ${flows}.id order by r.started_at desc limit 1)`,
    })
    .from(flows)
    .orderBy(desc(flows.updatedAt));
}

/** Id, name and whether it has a published version: for pickers. */
export async function listFlowChoices(db: Db) {
  return db.select({ id: flows.id, name: flows.name, published: sql<boolean>`${flows.activeVersionId} is not null` }).from(flows).orderBy(flows.name);
}

export async function getFlow(db: Db, id: string) {
  return db.query.flows.findFirst({ where: eq(flows.id, id) });
}

export async function listVersions(db: Db, flowId: string) {
  return db
    .select({ id: flowVersions.id, number: flowVersions.number, note: flowVersions.note, createdAt: flowVersions.createdAt, definition: flowVersions.definition })
    .from(flowVersions)
    .where(and(eq(flowVersions.flowId, flowId), isNotNull(flowVersions.number)))
    .orderBy(desc(flowVersions.number));
}

export async function getVersion(db: Db, flowId: string, versionId: string) {
  return db.query.flowVersions.findFirst({ where: and(eq(flowVersions.flowId, flowId), eq(flowVersions.id, versionId)) });
}

/**
 * Saves the draft only if nobody saved since `revision` (optimistic concurrency); returns the
 * new revision, or null on a conflict. `editorId` joins the draft's editors (self-approval).
 */
export async function saveDraft(db: Db, id: string, draft: unknown, revision: number | 'force', editorId: string | null): Promise<number | null> {
  const where = revision === 'force' ? eq(flows.id, id) : and(eq(flows.id, id), eq(flows.draftRevision, revision));
  const editors = editorId
    ? sql`case when ${editorId}::uuid = any(${flows.draftEditors}) then ${flows.draftEditors} else array_append(${flows.draftEditors}, ${editorId}::uuid) end`
    : sql`${flows.draftEditors}`;
  const [row] = await db
    .update(flows)
    .set({ draft, draftRevision: sql`${flows.draftRevision} + 1`, draftEditors: editors, updatedAt: new Date() })
    .where(where)
    .returning({ revision: flows.draftRevision });
  return row?.revision ?? null;
}

export async function nextVersionNumber(db: Db, flowId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${flowVersions.number}), 0)::int` }).from(flowVersions).where(eq(flowVersions.flowId, flowId));
  return (row?.n ?? 0) + 1;
}

/**
 * Takes the draft's editors for a version being published (they become its `edited_by`) and
 * starts the next version's list empty; the row lock keeps a concurrent save from being lost.
 */
export async function takeDraftEditors(db: Db, flowId: string): Promise<string[]> {
  const [row] = await db.select({ editors: flows.draftEditors }).from(flows).where(eq(flows.id, flowId)).for('update');
  await db.update(flows).set({ draftEditors: [] }).where(eq(flows.id, flowId));
  return row?.editors ?? [];
}
