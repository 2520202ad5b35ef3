import 'server-only';
import type { Sql, Tx } from '@/db/client';

export type FlowDayDelta = {
  flowId: string;
  day: string;
  isTest: boolean;
  runsStarted: number;
  runsSucceeded: number;
  runsFailed: number;
  runsCancelled: number;
  stepAttempts: number;
  stepFailures: number;
};

/** Adds counts to the per-flow daily rollup (one statement for a whole batch). */
export async function addFlowDailyStats(tx: Tx, deltas: FlowDayDelta[]): Promise<void> {
  if (!deltas.length) return;
  await tx`
    insert into flow_daily_stats as s (flow_id, day, is_test, runs_started, runs_succeeded, runs_failed, runs_cancelled, step_attempts, step_failures)
    select x."flowId", x.day, x."isTest", x."runsStarted", x."runsSucceeded", x."runsFailed", x."runsCancelled", x."stepAttempts", x."stepFailures"
    from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as x("flowId" uuid, day date, "isTest" boolean, "runsStarted" int, "runsSucceeded" int,
      "runsFailed" int, "runsCancelled" int, "stepAttempts" int, "stepFailures" int)
    -- A run deleted with its flow since: nothing left to count it against.
    where exists (select 1 from flows f where f.id = x."flowId")
    on conflict (flow_id, day, is_test) do update set
      runs_started = s.runs_started + excluded.runs_started, runs_succeeded = s.runs_succeeded + excluded.runs_succeeded,
      runs_failed = s.runs_failed + excluded.runs_failed, runs_cancelled = s.runs_cancelled + excluded.runs_cancelled,
      step_attempts = s.step_attempts + excluded.step_attempts, step_failures = s.step_failures + excluded.step_failures`;
}

export type FlowDayRow = Omit<FlowDayDelta, 'flowId'>;

/** One flow's rollup rows, newest day first. */
export async function flowDailyStats(sql: Sql, flowId: string, days = 30): Promise<FlowDayRow[]> {
  return sql<FlowDayRow[]>`
    select to_char(day, 'YYYY-MM-DD') as day, is_test as "isTest", runs_started as "runsStarted", runs_succeeded as "runsSucceeded", runs_failed as "runsFailed",
      runs_cancelled as "runsCancelled", step_attempts as "stepAttempts", step_failures as "stepFailures"
    from flow_daily_stats where flow_id = ${flowId} order by day desc, is_test limit ${days * 2}`.then((r) => [...r]);
}
