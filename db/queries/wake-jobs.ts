import 'server-only';
import type { Sql } from '@/db/client';

/**
 * Queues a parent's child-completion wake-up again, `afterMs` from now, under its usual key
 * (`children:<run>:<step>`, the one the child's commit writes). Called from inside that very job:
 * graphile-worker then takes the key off the running job and gives it to the new one, whose
 * attempts start from zero, so the running job can end as done instead of failing.
 */
export async function requeueChildWake(sql: Sql, w: { runId: string; stepId: string; held: number; afterMs: number }): Promise<void> {
  const payload = JSON.stringify({ runId: w.runId, wake: { type: 'childDone', stepId: w.stepId }, held: w.held });
  await sql`select graphile_worker.add_job('resume_run', ${payload}::json, run_at := now() + make_interval(secs => ${w.afterMs / 1000}),
    job_key := ${`children:${w.runId}:${w.stepId}`})`;
}
