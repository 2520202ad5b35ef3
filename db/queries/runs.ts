import 'server-only';
import { and, asc, desc, eq, sql as q } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, flowVersions, reviewTasks, runEvents, runs, stepRuns } from '@/db/schema';

export async function getRunDetail(db: Db, id: string) {
  const [run] = await db
    .select({ id: runs.id, flowId: runs.flowId, flowName: flows.name, status: runs.status, isTest: runs.isTest, triggerKind: runs.triggerKind, trigger: runs.trigger, output: runs.output, error: runs.error, startedAt: runs.startedAt, finishedAt: runs.finishedAt, definition: flowVersions.definition, versionNumber: flowVersions.number })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .innerJoin(flowVersions, eq(flowVersions.id, runs.versionId))
    .where(eq(runs.id, id));
  if (!run) return undefined;
  const steps = await db.select().from(stepRuns).where(eq(stepRuns.runId, id)).orderBy(asc(stepRuns.id));
  const events = await db.select({ id: runEvents.id, type: runEvents.type, stepId: runEvents.stepId, data: runEvents.data }).from(runEvents).where(eq(runEvents.runId, id)).orderBy(asc(runEvents.id));
  const reviews = await db.select().from(reviewTasks).where(and(eq(reviewTasks.runId, id), eq(reviewTasks.status, 'open')));
  return { run, steps, events, reviews };
}

export type RunFilters = { flowId?: string; status?: string; trigger?: string; test?: boolean; from?: Date; to?: Date };

/** Cursor = the last row's (startedAt, id); stays fast at any depth with the runs_started index. */
const encodeCursor = (startedAt: Date | string, id: string) => Buffer.from(`${new Date(startedAt).toISOString()}|${id}`).toString('base64url');
function decodeCursor(c: string): { at: string; id: string } | null {
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|');
  return at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/.test(id) ? { at, id } : null;
}

/** Run history, newest first, filtered, keyset-paginated. */
export async function listRuns(db: Db, f: RunFilters, cursor: string | undefined, limit: number) {
  const conds = [];
  if (f.flowId) conds.push(eq(runs.flowId, f.flowId));
  if (f.status) conds.push(eq(runs.status, f.status as never));
  if (f.trigger) conds.push(eq(runs.triggerKind, f.trigger));
  if (f.test !== undefined) conds.push(eq(runs.isTest, f.test));
  if (f.from) conds.push(q`${runs.startedAt} >= ${f.from.toISOString()}`);
  if (f.to) conds.push(q`${runs.startedAt} < ${f.to.toISOString()}`);
  const c = cursor ? decodeCursor(cursor) : null;
  if (c) conds.push(q`(${runs.startedAt}, ${runs.id}) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  const rows = await db
    .select({
      id: runs.id, flowId: runs.flowId, flowName: flows.name, status: runs.status, isTest: runs.isTest, triggerKind: runs.triggerKind, startedAt: runs.startedAt, finishedAt: runs.finishedAt,
      // Usage of the attempts that called a model; one without a price keeps the cost unknown.
      tokens: q<number | null>`(select sum(${stepRuns.tokens})::int from ${stepRuns} where ${stepRuns.runId} = ${runs.id})`,
      costUsd: q<number | null>`(select case when count(*) filter (where ${stepRuns.tokens} is not null and ${stepRuns.costUsd} is null) > 0 then null else sum(${stepRuns.costUsd})::float8 end from ${stepRuns} where ${stepRuns.runId} = ${runs.id})`,
    })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { runs: page, nextCursor: rows.length > limit && last ? encodeCursor(last.startedAt, last.id) : null };
}
