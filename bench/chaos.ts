/**
 * `npm run test:chaos`: the crash matrix of issue #21 (loopback only, bounded). For each fault
 * (SIGKILL of the server, of an extra worker, of PostgreSQL embedded and through DATABASE_URL,
 * and pg_terminate_backend of a worker's connections) it repeats: a steady async load on one flow
 * per phase (pure batch, HTTP call in flight, review wait, timer wait, retry back-off, fan-out of
 * 100 items at c=10, sub-flow call), the fault at a random point, the recovery, then checks that
 * every accepted run ends succeeded or failed with a reason within the worker-stale timeout + 10 s
 * after the recovery (or its own wait's end), none stuck, none missing, and that every repeated
 * HTTP call carried its run and step's idempotency key.
 *
 * `-- --smoke`: every cell, 1 repetition per fault (CI, ~3–4 min on a 2-core VM). Default (full): 20.
 * `--reps N`, `--only server,worker`, `--seed N`, `--write-docs` (docs/RELIABILITY.md).
 */
import { execSync } from 'node:child_process';
import { writeBenchmarkSection } from './lib/benchmarks-md';
import { machine } from './lib/proc';
import { startEcho } from './chaos/echo';
import { PHASES, PHASE_NAMES, publishFlows, type Phase } from './chaos/flows';
import { GRACE_MS, HEARTBEAT_MS, STALE_MS, runRound } from './chaos/round';
import { startOwnCluster, type OwnCluster } from './chaos/postgres';
import { deploy, faultFor, PORTS, TARGETS, TARGET_NAMES, type Deployment, type Target } from './chaos/targets';
import { cellOk, diagnose, emptyCell, tally, type Cell } from './chaos/verdict';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const smoke = process.argv.includes('--smoke');
const reps = Number(arg('--reps') ?? (smoke ? 1 : 20));
const only = (arg('--only')?.split(',') ?? TARGETS) as Target[];
const seed = Number(arg('--seed') ?? Date.now() % 1_000_000);

/** mulberry32: kill points are random but a failing seed can be replayed. */
function random(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const started = Date.now();
  const rnd = random(seed);
  say(`chaos matrix: ${smoke ? 'smoke' : 'full'}, ${reps} repetitions per fault, seed ${seed}; heartbeat ${HEARTBEAT_MS} ms, stale after ${STALE_MS} ms, bound ${GRACE_MS / 1000} s after the recovery`);
  const echo = await startEcho();
  const results = new Map<Target, Record<Phase, Cell>>();
  const incidents = new Map<Target, string[]>();
  const stuck: string[] = [];

  const runTarget = async (target: Target, d: Deployment, keys: Record<Phase, string>, cluster?: OwnCluster) => {
    const cells = Object.fromEntries(PHASES.map((p) => [p, emptyCell()])) as Record<Phase, Cell>;
    results.set(target, cells);
    const seen: string[] = [];
    incidents.set(target, seen);
    const { fault, cleanup } = await faultFor(target, d, rnd, seen, cluster);
    try {
      for (let i = 1; i <= reps; i++) {
        const t0 = Date.now();
        await d.ensureUp();
        const data = await runRound(d.sql, echo, keys, fault, rnd);
        await d.ensureUp();
        await tally(d.sql, echo, data, cells);
        seen.push(...d.unexpected.splice(0));
        const accepted = PHASES.reduce((n, p) => n + data.phase[p].length, 0);
        say(`  ${target} #${i}: kill at ${((data.killAt - data.startedAt) / 1000).toFixed(1)} s, recovered in ${((data.lastRestartAt - data.killAt) / 1000).toFixed(1)} s, ${accepted} accepted, in phase at the kill ${PHASES.map((p) => `${p}=${data.inPhaseAtKill[p]}`).join(' ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    } finally {
      await cleanup();
    }
    const ids = PHASES.flatMap((p) => cells[p].stuckRuns);
    if (ids.length) stuck.push(`${target}:`, ...(await diagnose(d.sql, ids)).map((l) => `  ${l}`));
    // Each fault's table as soon as it is done (and in the docs), so a long run leaves figures behind.
    for (const l of report(new Map([[target, cells]]), incidents)) say(l);
    if (process.argv.includes('--write-docs')) writeDocs(report(results, incidents), false, ((Date.now() - started) / 60_000).toFixed(1), true);
  };

  const embeddedTargets = only.filter((t) => t !== 'pg-url');
  if (embeddedTargets.length) {
    const d = await deploy({ port: PORTS.app, dataDir: '.data/chaos', logFile: '.data/chaos-logs/app.log', allowedHosts: echo.hostPort });
    say(`  started Baton (embedded PostgreSQL) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    try {
      const keys = await publishFlows(d.dbUrl, echo.url);
      for (const t of embeddedTargets) await runTarget(t, d, keys);
    } finally {
      await d.stop();
    }
  }
  if (only.includes('pg-url')) {
    const cluster = await startOwnCluster(PORTS.pgOwn);
    try {
      const d = await deploy({ port: PORTS.appUrl, dataDir: '.data/chaos-url', cluster, logFile: '.data/chaos-logs/app-url.log', allowedHosts: echo.hostPort });
      try {
        const keys = await publishFlows(d.dbUrl, echo.url);
        await runTarget('pg-url', d, keys, cluster);
      } finally {
        await d.stop();
      }
    } finally {
      await cluster.drop();
    }
  }
  await echo.close();

  const lines = report(results, incidents);
  if (stuck.length) say(['', 'Stuck runs (first five per fault):', ...stuck].join('\n'));
  const ok = [...results.values()].every((cells) => PHASES.every((p) => cellOk(cells[p]))) && [...incidents.values()].every((i) => i.length === 0);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  say(`\n${ok ? 'PASS' : 'FAIL'}: ${minutes} min`);
  if (process.argv.includes('--write-docs')) writeDocs(lines, ok, minutes);
  process.exitCode = ok ? 0 : 1;
}

function report(results: Map<Target, Record<Phase, Cell>>, incidents: Map<Target, string[]>): string[] {
  const out: string[] = [];
  for (const [target, cells] of results) {
    out.push(`### ${TARGET_NAMES[target]}`, '');
    out.push('| cell | reps (hit) | accepted | completed | failed, with reason | stuck | missing | late | repeats (interrupted attempts) | max time-to-end | verdict |');
    out.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const p of PHASES) {
      const c = cells[p];
      const other = [c.failedNoReason && `${c.failedNoReason} failed without a reason`, c.unretried && `${c.unretried} interrupted attempts not retried with their key`, c.keyMismatch && `${c.keyMismatch} requests with another key`].filter(Boolean).join('; ');
      out.push(`| (${p}) ${PHASE_NAMES[p]} | ${c.reps} (${c.hits}) | ${c.accepted} | ${c.completed} | ${c.failedWithReason} | ${c.stuck} | ${c.missing} | ${c.late} | ${c.repeats} (${c.interrupted}) | ${(c.maxEndMs / 1000).toFixed(1)} s | ${cellOk(c) ? 'pass' : `FAIL${other ? `: ${other}` : ''}`}${c.deadJobs ? ` (${c.deadJobs} spent queue jobs left)` : ''} |`);
    }
    for (const i of incidents.get(target) ?? []) out.push('', `FAIL: ${i}`);
    out.push('');
  }
  return out;
}

function writeDocs(lines: string[], ok: boolean, minutes: string, partial = false) {
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  // A run of some faults only (--only) keeps its own section, beside the complete runs'.
  const part = only.length === TARGETS.length ? '' : `-${only.join('-')}`;
  writeBenchmarkSection(`${smoke ? 'chaos-smoke' : 'chaos-full'}${part}`, [
    `## ${smoke ? 'Smoke' : 'Full'} size (${reps} repetition${reps === 1 ? '' : 's'} per fault)`,
    '',
    `Commit \`${commit}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, seed ${seed}, ${minutes} min on ${machine()}.`,
    '',
    ...lines,
    partial ? 'Result: in progress (the faults above are done; the others not yet run).' : ok ? 'Result: every cell passed.' : 'Result: FAILED (see the cells marked FAIL).',
  ], 'docs/RELIABILITY.md', '# Reliability\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
