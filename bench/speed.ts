/**
 * `npm run bench:speed`: starts Baton as a user would, drives the three speed workloads through
 * their production webhook URLs at c=1, 8 and 32, samples CPU and memory of every app process
 * (launcher/Next/worker and Postgres) from /proc, checks every response body, reconciles the
 * database, and writes docs/BENCHMARKS.md plus the raw samples. `--smoke`: a few seconds of W1
 * at c=8 with every body checked and nothing timed (CI runs it so the script cannot rot).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startApp, createSpeedFlows, reconcile } from './lib/app';
import { concurrent, post, sequential, type Check } from './lib/load';
import { cpuMs, machine, memoryMb, processTree } from './lib/proc';
import { writeSpeedReport } from './lib/report';

const smoke = process.argv.includes('--smoke');
const BODY = JSON.stringify({ id: 1, count: 0, text: 'hello' });
const w1 = { id: 1, count: 10, text: 'hello', ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, i + 1])) };
const branch = (b: number) => ({ id: 1, count: 3, text: 'hello', [`b${b}s1`]: 1, [`b${b}s2`]: 2, [`b${b}s3`]: 3 });
const EXPECTED: Record<string, unknown> = { W0: { id: 1, count: 1, text: 'hello', s1: 1 }, W1: w1, W2: { b1: branch(1), b2: branch(2), b3: branch(3) } };

const canonical = (v: unknown): string =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
    : JSON.stringify(v);
const checker = (w: string): Check => {
  const want = canonical(EXPECTED[w]);
  return (status, body) => {
    try {
      return status === 200 && canonical(JSON.parse(body)) === want;
    } catch {
      return false;
    }
  };
};

async function main() {
  // BENCH_PORT / BENCH_PG_PORT: so that two checkouts on one machine can bench side by side.
  const app = await startApp({ port: Number(process.env.BENCH_PORT ?? 3300), pgPort: Number(process.env.BENCH_PG_PORT ?? 54359), dataDir: '.data/bench', fresh: true });
  const tree = () => processTree(app.child.pid!);
  try {
    const keys = await createSpeedFlows(app.dbUrl);
    const url = (w: string) => `${app.baseUrl}/api/hooks/${keys[w as keyof typeof keys]}`;
    for (let i = 0; i < 10; i++) await post(url('W1'), BODY);
    const idle = memoryMb(tree());
    process.stdout.write(`idle after 10 warm-up requests: ${idle.pss} MB PSS (${idle.processes} processes)\n`);

    if (smoke) {
      const r = await concurrent(url('W1'), BODY, 8, 3, checker('W1'));
      const rec = await reconcile(app.dbUrl);
      process.stdout.write(`smoke W1 c=8: ${r.ok2xx} runs, ${r.errors} errors, db: ${JSON.stringify(rec)}\n`);
      const ok = r.errors === 0 && r.non2xx === 0 && rec.other === 0 && rec.succeeded === r.ok2xx + r.abandoned + 10 && rec.w1RunsMissingSteps === 0 && r.ok2xx > 0;
      process.stdout.write(ok ? 'bench:speed smoke passed\n' : 'bench:speed smoke FAILED\n');
      process.exitCode = ok ? 0 : 1;
      return;
    }

    const results: (Record<string, number | string> & { workload: string; connections: number })[] = [];
    let clientOk = 10;
    let abandoned = 0;
    let peakPss = idle.pss;
    for (const w of ['W0', 'W1', 'W2']) {
      const check = checker(w);
      for (let i = 0; i < 50; i++) await post(url(w), BODY); // warm-up
      clientOk += 50;
      const seq = await sequential(url(w), BODY, 400, check);
      clientOk += seq.ok2xx;
      results.push({ workload: w, connections: 1, ...seq });
      process.stdout.write(`${w} c=1: p50 ${seq.p50.toFixed(2)} ms, p95 ${seq.p95.toFixed(2)} ms, errors ${seq.errors}\n`);
      for (const c of [8, 32]) {
        const pids = tree();
        const cpu0 = cpuMs(pids);
        const r = await concurrent(url(w), BODY, c, 20, check);
        const cpu = cpuMs(tree()) - cpu0;
        const mem = memoryMb(tree());
        peakPss = Math.max(peakPss, mem.pss);
        clientOk += r.ok2xx;
        abandoned += r.abandoned;
        results.push({ workload: w, ...r, cpuMsPerRun: cpu / r.ok2xx, pssAfterMb: mem.pss, rssAfterMb: mem.rss });
        process.stdout.write(`${w} c=${c}: ${r.runsPerSec.toFixed(0)} runs/s, p50 ${r.p50} ms, CPU ${(cpu / r.ok2xx).toFixed(2)} ms/run, PSS ${mem.pss} MB, errors ${r.errors}, non-2xx ${r.non2xx}\n`);
      }
    }
    const rec = await reconcile(app.dbUrl);
    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const raw = { commit, date: new Date().toISOString(), machine: machine(), idle, peakPss, clientOk, abandoned, reconcile: rec, results };
    mkdirSync('docs/bench', { recursive: true });
    const rawFile = `docs/bench/speed-${commit}.json`;
    writeFileSync(rawFile, JSON.stringify(raw, null, 2) + '\n');
    writeSpeedReport(raw, rawFile);
    process.stdout.write(`reconciled: ${JSON.stringify(rec)} (client saw ${clientOk} 2xx + ${abandoned} abandoned at phase ends)\nwrote docs/BENCHMARKS.md and ${rawFile}\n`);
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
