import 'server-only';
import type { Sql } from '@/db/client';
import { getTask, lastAmbiguity, listComments, runStateOf, stepAttempts } from '@/db/queries/inbox';
import { taskContext } from './task-context';
import { uiValue } from '@/lib/json/ui-value';
import { getPreparedVersion } from '@/lib/runs/flow-cache';
import { toItem } from './queue';
import { editSchema } from './decide';
import type { TaskView } from './types';

export type { TaskView };

export async function loadTaskView(sql: Sql, id: string): Promise<TaskView | null> {
  const t = await getTask(sql, id);
  if (!t) return null;
  const [attempts, why, comments, prepared, state] = await Promise.all([
    stepAttempts(sql, t.run_id, t.step_id),
    lastAmbiguity(sql, t.run_id, t.step_id),
    listComments(sql, id),
    getPreparedVersion(sql, t.version_id),
    runStateOf(sql, t.run_id),
  ]);
  const step = prepared.steps.get(t.step_id);
  const last = attempts.at(-1);
  return {
    ...toItem(t),
    proposed: uiValue(t.proposed_output).value,
    input: uiValue(last?.input ?? null).value,
    context: uiContext(taskContext(step, state, last?.input ?? null)),
    onTimeout: t.on_timeout,
    claimedAt: t.claimed_at ? new Date(t.claimed_at).toISOString() : null,
    resolution: t.resolution ?? null,
    resolvedBy: t.resolved_by_name,
    resolvedAt: t.resolved_at ? new Date(t.resolved_at).toISOString() : null,
    runStatus: t.run_status,
    why,
    attempts: attempts.map((a) => ({ attempt: a.attempt, status: a.status, error: uiValue(a.error).value, startedAt: new Date(a.started_at).toISOString(), finishedAt: a.finished_at ? new Date(a.finished_at).toISOString() : null })),
    step: { name: step?.step.name ?? t.step_id, type: step?.def.type ?? 'unknown', ports: step?.ports ?? ['out'], outputSchema: (step && editSchema(step, t.kind)) ?? null, instructions: step?.def.review ? step.def.review(step.config as never).reason : null },
    comments: comments.map((c) => ({ id: c.id, body: c.body, at: new Date(c.created_at).toISOString(), author: c.author_name })),
  };
}

const uiContext = (c: ReturnType<typeof taskContext>) => (c && 'value' in c ? { value: uiValue(c.value).value } : c);
