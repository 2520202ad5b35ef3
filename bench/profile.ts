/**
 * `npm run bench:profile`: runs Baton as `npm start` does, but with `node --cpu-prof`, drives W1
 * at c=8 for 15 s, stops the server cleanly (the profile is written at exit) and writes where the
 * server's CPU went (self time by area and by function, per run) to docs/BENCHMARKS.md.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { startApp, createSpeedFlows } from './lib/app';
import { concurrent, post } from './lib/load';
import { summarise } from './lib/cpuprofile';
import { writeBenchmarkSection } from './lib/benchmarks-md';

const DIR = '.data/profile-out';

async function main() {
  // Build first, so the profiled process only serves (a build inside it would dominate the profile).
  execSync('npm run build', { stdio: 'inherit' });
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const app = await startApp({ port: 3340, pgPort: 54391, dataDir: '.data/bench-profile', fresh: true, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${DIR}` } });
  let runs = 0;
  try {
    const url = `${app.baseUrl}/api/hooks/${(await createSpeedFlows(app.dbUrl)).W1}`;
    const body = JSON.stringify({ id: 1, count: 0, text: 'hello' });
    for (let i = 0; i < 200; i++) await post(url, body);
    const r = await concurrent(url, body, 8, 15, (status) => status === 200);
    runs = r.ok2xx + 200;
    process.stdout.write(`W1 c=8 under the profiler: ${r.runsPerSec.toFixed(0)} runs/s, errors ${r.errors}\n`);
  } finally {
    await app.stop();
  }
  // The server process's profile is the largest one (the launcher may also have built the app).
  const file = readdirSync(DIR).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(DIR, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) throw new Error('no .cpuprofile written');
  const s = summarise(file);
  const per = (ms: number) => (ms / runs).toFixed(3);
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  writeBenchmarkSection('profile', [
    '## Where the server CPU goes (bench:profile)',
    '',
    `\`node --cpu-prof\` on the server process (launcher + Next + worker; Postgres not included), W1 at c=8 for 15 s after 200 warm-up requests, commit ${commit}: ${runs.toLocaleString('en')} runs, ${(s.busyMs / 1000).toFixed(1)} s of samples, **${per(s.busyMs)} ms per run** (the profiler itself adds overhead).`,
    '',
    '| area (self time) | ms per run | share |',
    '|---|---|---|',
    ...s.areas.slice(0, 12).map(([a, ms]) => `| ${a} | ${per(ms)} | ${((ms / s.busyMs) * 100).toFixed(1)}% |`),
    '',
    '| top functions (self time) | area | ms per run |',
    '|---|---|---|',
    ...s.top.slice(0, 15).map((f) => `| \`${f.fn.replace(/\|/g, '\\|')}\` | ${f.area} | ${per(f.ms)} |`),
  ]);
  process.stdout.write(`wrote the profile summary to docs/BENCHMARKS.md (${file})\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
