/**
 * `npm run bench:soak`: Baton under a steady W1 load at half its measured capacity for 30 minutes
 * (`--minutes N`), with 20 SSE viewers attached to recent runs throughout. Reports RSS of the
 * app's processes at the start and the end, p95 latency per 5-minute window (a sixth of the run
 * when it is shorter than 10 minutes), errors (non-200, a wrong body, an SSE stream that did not
 * end with the run's end) and runs missing from the database. Writes docs/BENCHMARKS.md.
 * `--port N --pg-port N` move it off its default ports.
 */
import http from 'node:http';
import { execSync } from 'node:child_process';
import postgres from 'postgres';
import { startApp, createSpeedFlows, reconcile } from './lib/app';
import { concurrent, post } from './lib/load';
import { machine, memoryMb, processTree } from './lib/proc';
import { signInCookie } from './lib/session';
import { writeBenchmarkSection } from './lib/benchmarks-md';

const flag = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1] ?? fallback) || fallback;
const MINUTES = flag('--minutes', 30);
const PORT = flag('--port', 3305);
const PG = flag('--pg-port', 54363);
const WINDOW_MS = MINUTES >= 10 ? 5 * 60_000 : (MINUTES * 60_000) / 6;
const VIEWERS = 20;
const CLIENTS = 16;
const BODY = JSON.stringify({ id: 1, count: 0, text: 'hello' });
/** W1's answer: ten transforms each set s1…s10 and count ends at 10. */
const goodW1 = (status: number, text: string) => {
  try {
    const b = JSON.parse(text) as Record<string, unknown>;
    return status === 200 && b.count === 10 && b.s10 === 10;
  } catch {
    return false;
  }
};
const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

async function main() {
  // No demo API: its port (PORT + 10) may belong to someone else on a shared machine.
  const app = await startApp({ port: PORT, pgPort: PG, dataDir: '.data/bench-soak', fresh: true, env: { BATON_DEMO_API_PORT: '0' } });
  const sql = postgres(app.dbUrl, { max: 2 });
  const tree = () => processTree(app.child.pid!);
  try {
    const url = `${app.baseUrl}/api/hooks/${(await createSpeedFlows(app.dbUrl)).W1}`;
    for (let i = 0; i < 20; i++) await post(url, BODY);
    const probe = await concurrent(url, BODY, 8, MINUTES >= 10 ? 20 : 5, goodW1);
    const rate = probe.runsPerSec / 2;
    process.stdout.write(`W1 capacity at c=8: ${probe.runsPerSec.toFixed(0)} runs/s; soaking at ${rate.toFixed(0)} runs/s for ${MINUTES} min with ${VIEWERS} SSE viewers\n`);
    let sent = 20 + probe.ok2xx + probe.abandoned;
    const memStart = memoryMb(tree());

    const cookie = await signInCookie(app.baseUrl, 'analyst@example.com', 'baton-demo');
    const end = Date.now() + MINUTES * 60_000;
    const windows: { lat: number[]; errors: number; rss: number; pss: number }[] = [];
    // A request answered after the end counts in the last window.
    const last = Math.ceil((MINUTES * 60_000) / WINDOW_MS) - 1;
    const win = () => (windows[Math.min(last, Math.floor((Date.now() - (end - MINUTES * 60_000)) / WINDOW_MS))] ??= { lat: [], errors: 0, rss: 0, pss: 0 });
    let errors = 0;
    let sse = { sessions: 0, events: 0, errors: 0 };

    // Open-loop pacing: each client owns every CLIENTS-th slot of the schedule.
    const interval = (CLIENTS * 1000) / rate;
    const client = async (k: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let next = Date.now() + (k * interval) / CLIENTS;
      while (Date.now() < end) {
        await sleep(Math.max(0, next - Date.now()));
        next += interval;
        const t0 = performance.now();
        const r = await post(url, BODY, agent).catch(() => ({ status: 0, text: '' }));
        sent++;
        const w = win();
        w.lat.push(performance.now() - t0);
        if (!goodW1(r.status, r.text)) {
          w.errors++;
          errors++;
        }
      }
      agent.destroy();
    };
    let latest = '';
    const follow = async () => {
      while (Date.now() < end) {
        latest = (await sql<{ id: string }[]>`select id::text from runs order by started_at desc limit 1`)[0]?.id ?? '';
        await sleep(500);
      }
    };
    // A viewer attaches to the newest run, reads its stream to the run's end, then the next.
    const viewer = async () => {
      while (Date.now() < end) {
        if (!latest) {
          await sleep(200);
          continue;
        }
        sse = { ...sse, sessions: sse.sessions + 1 };
        try {
          const res = await fetch(`${app.baseUrl}/api/runs/${latest}/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: AbortSignal.timeout(30_000) });
          const text = await res.text();
          const events = (text.match(/^data: /gm) ?? []).length;
          sse = { ...sse, events: sse.events + events };
          if (res.status !== 200 || !/"type":"Run(Completed|Failed|Cancelled)"/.test(text)) sse = { ...sse, errors: sse.errors + 1 };
        } catch {
          sse = { ...sse, errors: sse.errors + 1 };
        }
        await sleep(1_000);
      }
    };
    const sampler = async () => {
      while (Date.now() < end) {
        await sleep(Math.min(WINDOW_MS / 2, 10_000));
        const m = memoryMb(tree());
        Object.assign(win(), { rss: m.rss, pss: m.pss });
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, k) => client(k)), ...Array.from({ length: VIEWERS }, viewer), follow(), sampler()]);
    await sleep(1_000);
    const memEnd = memoryMb(tree());
    const rec = await reconcile(app.dbUrl);
    const missing = Math.max(0, sent - rec.w1Runs);
    const rows = windows.map((w, i) => ({ window: i + 1, requests: w.lat.length, p95: p95(w.lat), errors: w.errors, rss: w.rss, pss: w.pss }));
    const r = { commit: execSync('git rev-parse --short HEAD').toString().trim(), date: new Date().toISOString(), minutes: MINUTES, capacity: probe.runsPerSec, rate, rssStart: memStart.rss, rssEnd: memEnd.rss, pssStart: memStart.pss, pssEnd: memEnd.pss, errors, sse, missing, w1Runs: rec.w1Runs, sent, windows: rows };
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    const ok = errors === 0 && sse.errors === 0 && missing === 0 && rec.other === 0;
    writeReport(r, ok);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await sql.end();
    await app.stop();
  }
}

function writeReport(r: { commit: string; date: string; minutes: number; capacity: number; rate: number; rssStart: number; rssEnd: number; pssStart: number; pssEnd: number; errors: number; sse: { sessions: number; events: number; errors: number }; missing: number; windows: { window: number; requests: number; p95: number; errors: number; rss: number; pss: number }[] }, ok: boolean) {
  const win = WINDOW_MS >= 60_000 ? `${WINDOW_MS / 60_000} min` : `${WINDOW_MS / 1000} s`;
  writeBenchmarkSection('soak', [
    `## Soak (bench:soak, ${r.minutes} min)`,
    '',
    `Commit \`${r.commit}\`, ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${machine()}. W1 capacity measured at c=8: ${r.capacity.toFixed(0)} runs/s; load at half (${r.rate.toFixed(0)} runs/s, ${CLIENTS} paced clients) with ${VIEWERS} SSE viewers attached to the newest run in turn (${r.sse.sessions} streams, ${r.sse.events} events, ${r.sse.errors} errors).${r.minutes < 30 ? ' A short run that proves the script; the 30-minute soak is `npm run bench:soak`.' : ''}`,
    '',
    `Memory of the app's processes (launcher/Next/worker and PostgreSQL): RSS ${r.rssStart} MB at the start, ${r.rssEnd} MB at the end (${pct(r.rssStart, r.rssEnd)}); PSS (shared pages divided among sharers, so PostgreSQL's shared buffers count once) ${r.pssStart} → ${r.pssEnd} MB (${pct(r.pssStart, r.pssEnd)}). Errors: ${r.errors}. Runs missing: ${r.missing}.`,
    '',
    `| window (${win}) | requests | p95 latency | errors | RSS | PSS |`,
    '|---|---|---|---|---|---|',
    ...r.windows.map((w) => `| ${w.window} | ${w.requests} | ${w.p95.toFixed(1)} ms | ${w.errors} | ${w.rss} MB | ${w.pss} MB |`),
    '',
    ok ? 'Result: no errors, no run missing.' : 'Result: FAILED (see above).',
  ]);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
