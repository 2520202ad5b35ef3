import { writeBenchmarkSection } from './benchmarks-md';

type Row = Record<string, number | string> & { workload: string; connections: number };
type Raw = { commit: string; date: string; machine: string; idle: { pss: number; rss: number }; peakPss: number; clientOk: number; abandoned: number; reconcile: Record<string, number>; results: Row[] };


/** Rewrites the speed section of docs/BENCHMARKS.md from one run's raw samples. */
export function writeSpeedReport(raw: Raw, rawFile: string) {
  const get = (w: string, c: number) => raw.results.find((r) => r.workload === w && r.connections === c)!;
  const n = (v: unknown, d = 1) => (typeof v === 'number' ? v.toFixed(d) : String(v));
  writeBenchmarkSection('speed', [
    `## Speed (bench:speed)`,
    '',
    `Commit \`${raw.commit}\`, ${raw.date.slice(0, 16).replace('T', ' ')} UTC, ${raw.machine}. One \`npm start\` (embedded PostgreSQL 18, production build, default worker in the server process), synchronous_commit on; load generator on the same cores. Raw samples: [${rawFile.replace('docs/', '')}](${rawFile.replace('docs/', '')}).`,
    '',
    '| system | W1 p50 at c=1 | W1 runs/s at c=8 | at c=32 | CPU per run (W1, c=8) | idle PSS |',
    '|---|---|---|---|---|---|',
    `| **Baton (this run)** | ${n(get('W1', 1).p50, 2)} ms | ${n(get('W1', 8).runsPerSec, 0)} | ${n(get('W1', 32).runsPerSec, 0)} | ${n(get('W1', 8).cpuMsPerRun, 2)} ms | ${raw.idle.pss} MB |`,
    '| n8n 2.41 as shipped (SQLite, executions saved) | 76 ms | 15.9 | 12.9 | ~80 ms | 420–730 MB |',
    '| n8n tuned (legacy expressions, nothing saved) | 17.5 ms | 63.5 | 60.7 | ~13 ms | — |',
    '| Node-RED 5 (persists nothing) | 0.4–0.9 ms | 3,000–4,500 | 3,300–5,000 | ~0.1 ms | ~140 MB |',
    '| Floor: bare node:http, one commit per run | 2 ms | 1,550 | 2,170 | ~0.8 ms | — |',
    '| Floor: inside a Next 16 route handler | 3.6 ms | 660 | 730 | ~1.9 ms | ~280 MB (Next) |',
    '',
    '| workload | c | runs/s | p50 ms | p95 ms (c=1) / p97.5 ms | CPU ms/run | PSS after (MB) | errors | target |',
    '|---|---|---|---|---|---|---|---|---|',
    ...['W0', 'W1', 'W2'].flatMap((w) =>
      [1, 8, 32].map((c) => {
        const r = get(w, c);
        const target = TARGETS[`${w}:${c}`] ?? '';
        return `| ${w} | ${c} | ${c === 1 ? '—' : n(r.runsPerSec, 0)} | ${n(r.p50, 2)} | ${c === 1 ? n(r.p95, 2) : n(r.p97_5, 1)} | ${c === 1 ? '—' : n(r.cpuMsPerRun, 2)} | ${c === 1 ? '—' : r.pssAfterMb} | ${r.errors} | ${target} |`;
      }),
    ),
    '',
    `Memory: ${raw.idle.pss} MB PSS for every app process after start and 10 warm-up requests (target ≤ 350), peak ${raw.peakPss} MB at the end of a c=32 load (target ≤ 700).`,
    `Reconciliation: ${raw.reconcile.succeeded} runs succeeded, ${raw.reconcile.other} in any other state; the clients received ${raw.clientOk} 2xx answers and abandoned ${raw.abandoned} requests still in flight when a timed phase ended (autocannon stops waiting; the server completed them), so runs completed ${raw.reconcile.succeeded === raw.clientOk + raw.abandoned ? '=' : '≠'} 2xx + abandoned; ${raw.reconcile.w1Runs} W1 runs, ${raw.reconcile.w1RunsMissingSteps} missing any of their 10 transform rows.`,
  ]);
}

const TARGETS: Record<string, string> = {
  'W1:1': 'p50 ≤ 5, p95 ≤ 10',
  'W1:8': '≥ 500 runs/s, ≤ 3 ms CPU',
  'W1:32': '≥ 500 runs/s',
  'W0:8': '≥ 550 runs/s, ≤ 2.5 ms CPU',
  'W2:8': '≥ 400 runs/s',
};
