import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Sql } from '@/db/client';
import type { TriggerPayload } from '@/lib/engine/types';
import type { ParentLink } from './types';
import { jsonbText } from '@/db/jsonb-text';

/**
 * Writes a run that has not started (no state, no lease) and its start job, in one statement:
 * whichever worker claims the job starts it (resumeRun's "never committed" path). Used where
 * work should be shared rather than run where it was triggered, e.g. a sub-flow fan-out.
 */
export async function enqueueRun(sql: Sql, a: { flowId: string; versionId: string; isTest: boolean; payload: TriggerPayload; parent?: ParentLink; depth?: number }): Promise<string> {
  const runId = randomUUID();
  await sql`
    with run_row as (
      insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, lease_owner, started_at, parent_run_id, parent_step_id, parent_attempt, item_index, depth)
      values (${runId}, ${a.flowId}, ${a.versionId}, ${a.isTest}, 'running', ${a.payload.kind}, ${jsonbText(a.payload)}::jsonb, null, now(),
        ${a.parent?.runId ?? null}::uuid, ${a.parent?.stepId ?? null}, ${a.parent?.attempt ?? null}::int, ${a.parent?.index ?? null}::int, ${a.depth ?? 0})
      returning id
    )
    select graphile_worker.add_job('resume_run', json_build_object('runId', (select id from run_row)::text)) as job`;
  return runId;
}
