import 'server-only';
import { toIso } from '@/lib/time';
import type { Db } from '@/db/client';
import { getRunDetail } from '@/db/queries/runs';

/** The API's view of a run: status, result and every step attempt (no secrets live in rows). */
export async function runSummary(db: Db, id: string) {
  const d = await getRunDetail(db, id);
  if (!d) return null;
  return {
    id: d.run.id,
    flowId: d.run.flowId,
    status: d.run.status,
    test: d.run.isTest,
    trigger: d.run.triggerKind,
    version: d.run.versionNumber,
    startedAt: toIso(d.run.startedAt),
    finishedAt: toIso(d.run.finishedAt),
    output: d.run.output ?? null,
    error: d.run.error ?? null,
    steps: d.steps.map((s) => ({ stepId: s.stepId, attempt: s.attempt, status: s.status, output: s.output ?? null, error: s.error ?? null, startedAt: toIso(s.startedAt), finishedAt: toIso(s.finishedAt) })),
    openReviews: d.reviews.map((r) => ({ id: r.id, stepId: r.stepId, reason: r.reason, proposedOutput: r.proposedOutput ?? null, deadline: toIso(r.deadline) })),
  };
}
