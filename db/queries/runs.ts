import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, runs } from '@/db/schema';

export async function listRecentRuns(db: Db, limit = 50) {
  return db
    .select({ id: runs.id, flowName: flows.name, status: runs.status, isTest: runs.isTest, triggerKind: runs.triggerKind, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .orderBy(desc(runs.startedAt))
    .limit(limit);
}
