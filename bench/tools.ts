/**
 * `npm run bench:tools`: what a Tool call step costs over the plain HTTP request step calling the
 * same loopback endpoint. One process, one engine, real (embedded) Postgres with full persistence:
 * runs of the two one-step flows alternate (A, B, A, B…) so both see the same machine load, and
 * the figure is the median of the per-pair differences. Writes docs/BENCHMARKS.md.
 */
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeBenchmarkSection } from './lib/benchmarks-md';
import { machine } from './lib/proc';
import { startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { openDb } from '@/db/client';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { parseAllowList } from '@/lib/net/allow-list';
import { startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { registerTool } from '@/lib/tools/admin';
import { toolFormSchema } from '@/lib/tools/form';
import { createToolRegistry } from '@/lib/tools/registry';
import { defaultToolDeps } from '@/lib/tools/defaults';

const PG_PORT = 54851;
const API_PORT = 3401;
const WARMUP = 50;
const N = Number(process.env.BENCH_TOOLS_N ?? 500);
const TARGET_MS = 0.5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function main() {
  rmSync('.data/bench-tools', { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: '.data/bench-tools', port: PG_PORT, quiet: true });
  const api = await loopbackServer((_c, res) => json(res, 200, { total: 42 }), '127.0.0.1', API_PORT);
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${API_PORT}`;
  process.env.BATON_SCHEDULER = 'off';
  await migrateDatabase(pg.url);
  const db = openDb(pg.url, 4);
  const tools = createToolRegistry({ sql: db.sql, deps: defaultToolDeps(db.sql), allowList: parseAllowList(process.env.BATON_ALLOWED_HOSTS) });
  const worker = await startWorkerRuntime({ url: pg.url, sql: db.sql, tools });
  try {
    const form = toolFormSchema.parse({ name: 'bench total', kind: 'http', category: 'Bench', inputSchema: { type: 'object' }, outputSchema: { type: 'object' }, config: { method: 'GET', origin: `http://127.0.0.1:${API_PORT}`, path: '/total' } });
    const reg = await registerTool(db.sql, form, null);
    if (!reg.ok) throw new Error(reg.error);
    const once = { policy: { retry: { maxAttempts: 1 } } as never };
    const httpFlow = await insertPublishedFlow(db.db, flow().webhook('t').step('call', 'http-request', { method: 'GET', url: `http://127.0.0.1:${API_PORT}/total` }, once).chain('t', 'call').build());
    const toolFlow = await insertPublishedFlow(db.db, flow().webhook('t').step('call', 'tool-call', { toolId: reg.id, version: 'latest', input: {} }, once).chain('t', 'call').build());
    const runOnce = async (f: { flowId: string; versionId: string }) => {
      const t0 = performance.now();
      const run = await worker.engine.startVersion({ flowId: f.flowId, versionId: f.versionId, isTest: false, payload: { kind: 'api', body: {} } });
      const end = await run.settled;
      const ms = performance.now() - t0;
      if (end.status !== 'succeeded') throw new Error(`bench run ${run.runId} ended ${end.status}`);
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) {
      await runOnce(httpFlow);
      await runOnce(toolFlow);
    }
    const a: number[] = [];
    const b: number[] = [];
    const diff: number[] = [];
    for (let i = 0; i < N; i++) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      const toolFirst = i % 2 === 1;
      const first = await runOnce(toolFirst ? toolFlow : httpFlow);
      const second = await runOnce(toolFirst ? httpFlow : toolFlow);
      const [h, tl] = toolFirst ? [second, first] : [first, second];
      a.push(h);
      b.push(tl);
      diff.push(tl - h);
    }
    const r = { n: N, httpP50: median(a), httpP95: pct(a, 0.95), toolP50: median(b), toolP95: pct(b, 0.95), overheadMedian: median(diff), overheadOfMedians: median(b) - median(a), calls: api.calls.length };
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    report(r);
  } finally {
    await worker.stop();
    await api.close();
    await db.sql.end();
    await pg.stop();
  }
}

function report(r: { n: number; httpP50: number; httpP95: number; toolP50: number; toolP95: number; overheadMedian: number; overheadOfMedians: number }) {
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  writeBenchmarkSection('tools', [
    '## Tool call overhead (bench:tools)',
    '',
    `Commit \`${execSync('git rev-parse --short HEAD').toString().trim()}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}. One process: an in-process engine on embedded PostgreSQL (every run, step row and event persisted), a loopback endpoint answering \`{"total":42}\`. Two one-step flows alternate, ${r.n} runs each after a warm-up: an HTTP request step, and a Tool call step calling a registered HTTP tool for the same URL. Start-to-settled per run.`,
    '',
    '| flow | p50 | p95 |',
    '|---|---|---|',
    `| HTTP request step | ${ms(r.httpP50)} | ${ms(r.httpP95)} |`,
    `| Tool call step (registry HTTP tool) | ${ms(r.toolP50)} | ${ms(r.toolP95)} |`,
    '',
    `Per-call overhead of the Tool call step (median of the per-pair differences): **${ms(r.overheadMedian)}** (target ≤ ${TARGET_MS} ms: ${r.overheadMedian <= TARGET_MS ? 'met' : 'not met'}); difference of the two p50s: ${ms(r.overheadOfMedians)}. It covers the registry's reads of the tool's head and version, both contract checks (ajv) and recording the tool version on the attempt's row.`,
    '',
    `Where the time goes (a one-off probe on this machine, 200 calls each, medians): the registry's governance read alone ≈ 0.1–0.5 ms, the tool invocation with both contract checks ≈ 0.7–1.0 ms, a guarded loopback fetch alone ≈ 0.5–0.9 ms, but one database round trip immediately followed by the fetch ≈ 11 ms. A second probe shows this is not the registry's: alternating any query (\`select 1\`) with any loopback fetch (plain \`fetch\` too, either order) costs ≈ 7–12 ms per pair on this machine, against ≈ 0.1 ms and ≈ 1 ms alone. The Tool call step adds one such round trip (the governance read) before its HTTP call, so the figure above is mostly that interaction; its cause (socket/event-loop scheduling on this host) is not yet explained.`,
  ]);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
