import type postgres from 'postgres';
import { FLAKY_FAILURES, type Echo } from './echo';
import { PHASES, type Phase } from './flows';
import { boundOf, type RoundData } from './round';

export type Cell = {
  reps: number;
  /** Repetitions whose kill found runs of this phase in it (an HTTP call in flight, a wait…). */
  hits: number;
  accepted: number;
  completed: number;
  failedWithReason: number;
  /** Violations: failed without a reason, cancelled, stuck, missing, ended after the bound. */
  failedNoReason: number;
  stuck: number;
  missing: number;
  late: number;
  /** Requests the loopback API saw beyond the flow's own (one per key; three for the flaky call). */
  repeats: number;
  interrupted: number;
  /** Violations: an interrupted attempt with no later attempt or whose retry did not reach the API. */
  unretried: number;
  /** Violations: a request whose idempotency key is not its run and step's. */
  keyMismatch: number;
  /**
   * Noted, not a violation: a run's queue job (a wake-up, a resume) that failed for good, its
   * attempts spent. A wake-up lost that way shows as a stuck run; one superseded (graphile-worker
   * hands a running job's key to a new job) is garbage graphile-worker keeps for ever.
   */
  deadJobs: number;
  maxEndMs: number;
  stuckRuns: string[];
};

export const emptyCell = (): Cell => ({ reps: 0, hits: 0, accepted: 0, completed: 0, failedWithReason: 0, failedNoReason: 0, stuck: 0, missing: 0, late: 0, repeats: 0, interrupted: 0, unretried: 0, keyMismatch: 0, deadJobs: 0, maxEndMs: 0, stuckRuns: [] });

type Row = { id: string; parent_run_id: string | null; status: string; error: { message?: string } | null; fin: number | null };

/** Adds one repetition's outcome, phase by phase, to the target's cells. */
export async function tally(sql: postgres.Sql, echo: Echo, d: RoundData, cells: Record<Phase, Cell>) {
  for (const p of PHASES) {
    const c = cells[p];
    const accepted = d.phase[p];
    const ids = accepted.map((r) => r.id);
    const rows = await sql<Row[]>`
      select id::text, parent_run_id::text, status, error, (extract(epoch from finished_at) * 1000)::float8 as fin
      from runs where id = any(${ids}::uuid[]) or parent_run_id = any(${ids}::uuid[])`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const bound = new Map(accepted.map((r) => [r.id, boundOf(d, p, r)]));
    c.reps++;
    if (d.inPhaseAtKill[p] > 0) c.hits++;
    c.accepted += accepted.length;
    c.missing += ids.filter((id) => !byId.has(id)).length;
    for (const r of rows) {
      const top = r.parent_run_id === null || !bound.has(r.parent_run_id) ? r.id : r.parent_run_id;
      const isTop = top === r.id;
      if (!['succeeded', 'failed', 'cancelled'].includes(r.status)) {
        c.stuck++;
        c.stuckRuns.push(r.id);
        continue;
      }
      if (isTop && r.status === 'succeeded') c.completed++;
      else if (isTop && r.status === 'failed' && r.error?.message) c.failedWithReason++;
      else if (r.status !== 'succeeded') c.failedNoReason += isTop ? 1 : 0;
      if (r.fin !== null) {
        c.maxEndMs = Math.max(c.maxEndMs, r.fin - d.lastRestartAt);
        if (isTop && r.fin > bound.get(r.id)! + 250) c.late++; // 250 ms: the two clocks' read-out, not a grace
      }
    }
    const runIds = new Set(rows.map((r) => r.id));
    const seen = echo.log.filter((q) => q.at >= d.startedAt && runIds.has(q.run));
    c.keyMismatch += seen.filter((q) => q.key !== `${q.run}:${q.step}`).length;
    const perKey = new Map<string, { n: number; path: string; afterKill: boolean }>();
    for (const q of seen) {
      const k = perKey.get(q.key) ?? { n: 0, path: q.path, afterKill: false };
      perKey.set(q.key, { n: k.n + 1, path: q.path, afterKill: k.afterKill || q.at >= d.killAt });
    }
    for (const k of perKey.values()) c.repeats += Math.max(0, k.n - (k.path === '/e' ? FLAKY_FAILURES + 1 : 1));
    const cut = await sql<{ run_id: string; step_id: string; retried: boolean }[]>`
      select s.run_id::text, s.step_id, exists (select 1 from step_runs l where l.run_id = s.run_id and l.step_id = s.step_id and l.iteration_path = s.iteration_path and l.attempt > s.attempt) as retried
      from step_runs s where s.run_id = any(${[...runIds]}::uuid[]) and s.status = 'interrupted'`;
    c.interrupted += cut.length;
    const [dead] = await sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs where attempts >= max_attempts and payload->>'runId' = any(${[...runIds]}::text[])`;
    c.deadJobs += dead?.n ?? 0;
    c.unretried += cut.filter((s) => !s.retried || !perKey.get(`${s.run_id}:${s.step_id}`)?.afterKill).length;
  }
}

/** A cell holds when nothing was lost, stuck, late, unexplained, or repeated under another key. */
export const cellOk = (c: Cell) => c.accepted > 0 && c.stuck + c.missing + c.late + c.failedNoReason + c.unretried + c.keyMismatch === 0;

/** What a stuck run is waiting on: its row, its attempts and its queue jobs. */
export async function diagnose(sql: postgres.Sql, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids.slice(0, 5)) {
    const [run] = await sql<{ status: string; lease_owner: string | null; parent: string | null }[]>`select status, lease_owner, parent_run_id::text as parent from runs where id = ${id}`;
    const steps = await sql<{ s: string }[]>`select step_id || coalesce('[' || nullif(iteration_path, '') || ']', '') || '#' || attempt || ':' || status as s from step_runs where run_id = ${id} order by id`;
    const jobs = await sql<{ j: string }[]>`
      select t.identifier || coalesce(' key=' || j.key, '') || ' run_at=' || to_char(j.run_at, 'HH24:MI:SS.MS') || ' attempts=' || j.attempts || coalesce(' locked_by=' || j.locked_by, '') || coalesce(' last_error=' || left(j.last_error, 80), '') as j
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.payload->>'runId' = ${id}`;
    const kids = await sql<{ s: string }[]>`select status || '×' || count(*) as s from runs where parent_run_id = ${id} group by status`;
    const worker = run?.lease_owner ? (await sql<{ age: number }[]>`select extract(epoch from now() - heartbeat_at)::float8 as age from workers where id = ${run.lease_owner}`)[0] : undefined;
    out.push(`${id}: status=${run?.status} lease_owner=${run?.lease_owner ?? 'null'}${run?.lease_owner ? ` (heartbeat ${worker ? `${worker.age.toFixed(1)} s ago` : 'row gone'})` : ''}${run?.parent ? ` parent=${run.parent}` : ''} steps=[${steps.map((s) => s.s).join(', ')}]${kids.length ? ` children=[${kids.map((k) => k.s).join(', ')}]` : ''} jobs=[${jobs.map((j) => j.j).join('; ') || 'none'}]`);
  }
  return out;
}
