import 'server-only';
import type { Sql } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';

/**
 * How a run's row comes to exist before its executor commits: admitted under a flow's
 * concurrency limit, moved from the queue into a free slot, or written with a start job for any
 * worker to pick up.
 */

/** Under the flow's slot lock, writes the run row as running (a slot is free, leased to `workerId`) or queued. */
export async function admitRun(
  sql: Sql,
  a: { runId: string; flowId: string; versionId: string; limit: number; payload: { kind: string }; workerId: string; startedBy?: string | null },
): Promise<{ queued: boolean }> {
  const [row] = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`flow-slots:${a.flowId}`}))`;
    return tx<{ status: string }[]>`
      insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, lease_owner, lease_expires_at, started_at, started_by)
      select ${a.runId}, ${a.flowId}, ${a.versionId}, false,
        case when (select count(*) from runs where flow_id = ${a.flowId} and not is_test and status in ('running', 'waiting')) < ${a.limit} then 'running' else 'queued' end,
        ${a.payload.kind}, ${jsonbText(a.payload)}::jsonb, ${a.workerId}, now(), now(), ${a.startedBy ?? null}::uuid
      returning status`;
  });
  return { queued: row!.status === 'queued' };
}

export type DequeuedRun = { id: string; version_id: string; trigger: { kind: string; body: unknown } };

/** Under the flow's slot lock, moves the oldest queued runs into the free slots, leased to `workerId`. */
export async function dequeueRuns(sql: Sql, flowId: string, workerId: string): Promise<DequeuedRun[]> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`flow-slots:${flowId}`}))`;
    const [f] = await tx<{ limit: number | null; version_id: string }[]>`
      select (v.definition->'settings'->>'concurrency')::int as limit, v.id as version_id from flows f join flow_versions v on v.id = f.active_version_id where f.id = ${flowId}`;
    const [busy] = await tx<
      { n: number }[]
    >`select count(*)::int as n from runs where flow_id = ${flowId} and not is_test and status in ('running', 'waiting')`;
    const room = Math.max(0, (f?.limit ?? 1_000_000) - (busy?.n ?? 0));
    if (!room) return [];
    return tx<DequeuedRun[]>`
      update runs set status = 'running', lease_owner = ${workerId}, lease_expires_at = now()
      where id in (select id from runs where flow_id = ${flowId} and status = 'queued' order by started_at, id limit ${room} for update skip locked)
      returning id, version_id, trigger`;
  })) as DequeuedRun[];
}

/**
 * Writes a run that has not started (no state, no lease) and its start job, in one statement:
 * whichever worker claims the job starts it.
 */
export async function enqueueRunRow(
  sql: Sql,
  a: {
    runId: string;
    flowId: string;
    versionId: string;
    isTest: boolean;
    payload: { kind: string };
    parent?: { runId: string; stepId: string; attempt: number; index: number };
    depth?: number;
  },
): Promise<void> {
  await sql`
    with run_row as (
      insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, lease_owner, started_at, parent_run_id, parent_step_id, parent_attempt, item_index, depth)
      values (${a.runId}, ${a.flowId}, ${a.versionId}, ${a.isTest}, 'running', ${a.payload.kind}, ${jsonbText(a.payload)}::jsonb, null, now(),
        ${a.parent?.runId ?? null}::uuid, ${a.parent?.stepId ?? null}, ${a.parent?.attempt ?? null}::int, ${a.parent?.index ?? null}::int, ${a.depth ?? 0})
      returning id
    )
    select graphile_worker.add_job('resume_run', json_build_object('runId', (select id from run_row)::text)) as job`;
}
