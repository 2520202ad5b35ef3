import type postgres from 'postgres';
import { resolveReviewTask, RunControlError } from '@/lib/runs/control';
import type { Echo } from './echo';
import { bodyFor, MAX_BACKOFF_MS, PHASES, WAIT_MS, type Phase } from './flows';

export const STALE_MS = 1_500;
export const HEARTBEAT_MS = 300;
/** The bound of the issue: a run ends within the worker-stale timeout + 10 s after the last restart. */
export const GRACE_MS = STALE_MS + 10_000;
/** Pause between one client's posts, per phase: a steady load of ~20 runs/s and a fan-out every ~1.5 s. */
const PAUSE_MS: Record<Phase, number> = { a: 150, b: 250, c: 600, d: 250, e: 300, f: 1_500, g: 300 };
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one kill does: the fault, then the recovery (restart), each awaited. */
export type Fault = { base: () => string; kill: () => Promise<void>; recover: () => Promise<void> };

export type Accepted = { id: string; at: number };
export type RoundData = {
  phase: Record<Phase, Accepted[]>;
  refused: number;
  inPhaseAtKill: Record<Phase, number>;
  startedAt: number;
  killAt: number;
  lastRestartAt: number;
  resolvedAt: Map<string, number>;
  /** When each run's own latest wait (timer, back-off, review) ends, from its committed attempts. */
  ownEnd: Map<string, number>;
};

/**
 * One repetition: a steady async load on every phase's flow, the fault at a random point
 * (1.5–3.5 s in, so runs sit in every phase: an HTTP call in flight, a review or timer wait, a
 * back-off, a fan-out or sub-flow underway), the recovery, one more second of load, then every
 * open review resolved through the review path as it appears until all runs end or their bound
 * passes.
 */
export async function runRound(sql: postgres.Sql, echo: Echo, keys: Record<Phase, string>, fault: Fault, rnd: () => number): Promise<RoundData> {
  const data: RoundData = { phase: { a: [], b: [], c: [], d: [], e: [], f: [], g: [] }, refused: 0, inPhaseAtKill: { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0 }, startedAt: Date.now(), killAt: 0, lastRestartAt: 0, resolvedAt: new Map(), ownEnd: new Map() };
  let stop = false;
  let n = 0;
  const post = async (p: Phase) => {
    try {
      const res = await fetch(`${fault.base()}/api/hooks/${keys[p]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodyFor(p, n++)), signal: AbortSignal.timeout(5_000) });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`${res.status}`);
      data.phase[p].push({ id: (JSON.parse(text) as { runId: string }).runId, at: Date.now() });
    } catch (e) {
      data.refused++; // refused, failed or timed out while the fault lasts
      throw e;
    }
  };
  const client = async (p: Phase) => {
    do {
      await post(p).catch(() => {});
      await sleep(PAUSE_MS[p]);
    } while (!stop);
  };
  const load = Promise.all(PHASES.map(client));

  await sleep(1_500 + rnd() * 2_000);
  // About half of the open reviews are decided just before the fault, so some resumes are queued
  // or running when it lands; the rest after the recovery.
  await resolveOpenReviews(sql, data, () => rnd() < 0.5).catch(() => {});
  // A burst of pure runs right before the fault, so that some are between their first commit
  // (the 202) and their last when it lands: a pure batch lasts milliseconds.
  const burst = Array.from({ length: 20 }, () => post('a'));
  await Promise.race([Promise.any(burst), sleep(1_000)]).catch(() => {});
  data.inPhaseAtKill = await inPhase(sql, echo, data).catch(() => data.inPhaseAtKill);
  data.killAt = Date.now();
  await fault.kill();
  await fault.recover();
  data.lastRestartAt = Date.now();
  await sleep(1_000);
  stop = true;
  await Promise.allSettled(burst);
  await load;
  await settle(sql, data);
  return data;
}

/** How many runs of each phase are in that phase right now (the evidence a kill hit it). */
async function inPhase(sql: postgres.Sql, echo: Echo, d: RoundData): Promise<Record<Phase, number>> {
  const ids = (p: Phase) => d.phase[p].map((r) => r.id);
  const [r] = await sql<Record<Exclude<Phase, 'b'>, number>[]>`
    select
      (select count(*)::int from runs where id = any(${ids('a')}::uuid[]) and status in ('queued', 'running')) as a,
      (select count(*)::int from review_tasks where run_id = any(${ids('c')}::uuid[]) and status = 'open') as c,
      (select count(*)::int from step_runs where run_id = any(${ids('d')}::uuid[]) and step_id = 'wait' and status = 'running') as d,
      (select count(*)::int from runs r where id = any(${ids('e')}::uuid[]) and status in ('running', 'waiting')
        and exists (select 1 from step_runs s where s.run_id = r.id and s.status = 'failed')
        and not exists (select 1 from step_runs s where s.run_id = r.id and s.step_id = 'flaky' and s.status = 'running')) as e,
      (select count(*)::int from runs where parent_run_id = any(${ids('f')}::uuid[]) and status in ('queued', 'running', 'waiting')) as f,
      (select count(*)::int from runs where parent_run_id = any(${ids('g')}::uuid[]) and status in ('queued', 'running', 'waiting')) as g`;
  return { ...r!, b: echo.inFlight('/b') };
}

/** Decides open review tasks of this round's review runs through lib/runs/control (the API's path). */
async function resolveOpenReviews(sql: postgres.Sql, d: RoundData, pick: () => boolean = () => true) {
  const ids = d.phase.c.map((r) => r.id);
  const open = await sql<{ id: string; run_id: string }[]>`select id, run_id from review_tasks where run_id = any(${ids}::uuid[]) and status = 'open'`;
  for (const t of open.filter(pick)) {
    try {
      await resolveReviewTask(sql, t.id, { action: 'approve' }, null);
      d.resolvedAt.set(t.run_id, Date.now());
    } catch (e) {
      if (!(e instanceof RunControlError)) throw e;
    }
  }
}

/**
 * The latest moment an accepted run may end: the worker-stale timeout + 10 s after the later of
 * the last recovery and the end of its own wait (a timer or back-off that began after the
 * outage, or the harness's review decision).
 */
export function boundOf(d: RoundData, p: Phase, r: Accepted): number {
  const own = Math.max(d.ownEnd.get(r.id) ?? 0, p === 'c' ? (d.resolvedAt.get(r.id) ?? 0) : 0);
  return Math.max(d.lastRestartAt, own) + GRACE_MS;
}

async function readOwnWaits(sql: postgres.Sql, d: RoundData, ids: string[]) {
  const rows = await sql<{ id: string; own: number | null }[]>`
    select r.id::text, (extract(epoch from greatest(
      (select max(s.started_at) from step_runs s where s.run_id = r.id and s.step_id = 'wait') + make_interval(secs => ${WAIT_MS / 1000}),
      (select max(s.finished_at) from step_runs s where s.run_id = r.id and s.status = 'failed') + make_interval(secs => ${MAX_BACKOFF_MS / 1000})
    )) * 1000)::float8 as own
    from runs r where r.id = any(${ids}::uuid[])`;
  for (const r of rows) if (r.own !== null) d.ownEnd.set(r.id, r.own);
}

/** Waits until every accepted run and child run ends, resolving reviews as they open; bounded. */
async function settle(sql: postgres.Sql, d: RoundData) {
  const all = PHASES.flatMap((p) => d.phase[p].map((r) => r.id));
  for (;;) {
    let open = -1;
    try {
      await resolveOpenReviews(sql, d);
      await readOwnWaits(sql, d, all);
      const [row] = await sql<{ open: number }[]>`
        select count(*)::int as open from runs where (id = any(${all}::uuid[]) or parent_run_id = any(${all}::uuid[])) and status <> all(${TERMINAL})`;
      open = row!.open;
    } catch {
      // The database is unreachable (a server that died took its embedded PostgreSQL along): the bound still runs.
    }
    const latest = Math.max(...PHASES.flatMap((p) => d.phase[p].map((r) => boundOf(d, p, r))), d.lastRestartAt + GRACE_MS);
    if (open === 0 || Date.now() > latest + 500) return;
    await sleep(300);
  }
}
