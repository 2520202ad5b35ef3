import 'server-only';
import type { Sql } from '@/db/client';

/** What a finished run left behind that a later run starts from: its origin, its outputs, its attempts. */

export type RunOrigin<P> = { flow_id: string; version_id: string; is_test: boolean; trigger: P };

/** The flow, pinned version and trigger payload a run started with. */
export async function runOrigin<P = { kind: string; body: unknown }>(sql: Sql, runId: string): Promise<RunOrigin<P> | undefined> {
  const [run] = await sql<RunOrigin<P>[]>`select flow_id, version_id, is_test, trigger from runs where id = ${runId}`;
  return run;
}

/** Each step's last successful output (succeeded, reused or pinned) in a run, and the port it took. */
export async function lastStepOutputs(sql: Sql, runId: string): Promise<{ stepId: string; output: unknown; port: string | undefined }[]> {
  const rows = await sql<{ step_id: string; output: unknown }[]>`
    select distinct on (step_id) step_id, output from step_runs
    where run_id = ${runId} and status in ('succeeded', 'reused', 'pinned') order by step_id, attempt desc`;
  const taken = new Map(
    (
      await sql<{ step_id: string; port: string | null }[]>`
    select step_id, data->>'port' as port from run_events where run_id = ${runId} and type = 'StepSucceeded'`
    ).map((r) => [r.step_id, r.port ?? undefined]),
  );
  return rows.map((r) => ({ stepId: r.step_id, output: r.output, port: taken.get(r.step_id) }));
}

export type StepAttemptRow = { attempt: number; status: string; input: unknown; output: unknown; error: unknown };

/** The recorded attempts of one step in one run, oldest first. */
export async function stepAttempts(sql: Sql, runId: string, stepId: string): Promise<StepAttemptRow[]> {
  return sql<StepAttemptRow[]>`select attempt, status, input, output, error from step_runs where run_id = ${runId} and step_id = ${stepId} order by attempt`;
}
