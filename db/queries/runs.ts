import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, flowVersions, reviewTasks, runEvents, runs, stepRuns } from '@/db/schema';

export async function listRecentRuns(db: Db, limit = 50) {
  return db
    .select({ id: runs.id, flowName: flows.name, status: runs.status, isTest: runs.isTest, triggerKind: runs.triggerKind, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .orderBy(desc(runs.startedAt))
    .limit(limit);
}

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
