/**
 * `npm run bench:runs`: live status and history at scale, on `npm start`'s server.
 * SSE delay = client receipt − the event's recorded time (taken just before its commit, so this
 * slightly overstates the delay), p50/p95 with 1 and with 50 clients watching each run.
 * History = time to load the runs page (HTML) with 100,000 runs in the table.
 */
import http from 'node:http';
import { execSync } from 'node:child_process';
import { writeBenchmarkSection } from './lib/benchmarks-md';
import postgres from 'postgres';
import { startApp } from './lib/app';
import { post } from './lib/load';
import { signInCookie } from './lib/session';
import { machine } from './lib/proc';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** Opens `n` SSE streams on a run and resolves with each stream's delay for the `set` step's success. */
function watch(baseUrl: string, cookie: string, runId: string, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve, reject) => {
    const req = http.get(`${baseUrl}/api/runs/${runId}/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        for (const line of buf.split('\n')) {
          if (!line.startsWith('data: ')) continue;
          const e = JSON.parse(line.slice(6)) as { type: string; stepId: string; at: string };
          if (e.type === 'StepSucceeded' && e.stepId === 'after') {
            resolve(Date.now() - Date.parse(e.at));
            req.destroy();
          }
        }
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
      });
    });
    req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
  })));
}

async function main() {
  const app = await startApp({ port: 3330, pgPort: 54381, dataDir: '.data/bench-runs', fresh: true, env: { BATON_SCHEDULER: 'off' } });
  const sql = postgres(app.dbUrl, { max: 2 });
  try {
    const def = {
      version: 1,
      steps: [
        { id: 't', type: 'webhook-trigger', config: { mode: 'async' } },
        { id: 'wait', type: 'delay', config: { ms: 300 } },
        { id: 'after', type: 'transform', config: { assignments: [{ name: 'done', value: true }] } },
      ],
      edges: [{ from: 't', to: 'wait', port: 'out' }, { from: 'wait', to: 'after', port: 'out' }],
    };
    const [f] = await sql<{ id: string; webhook_key: string }[]>`insert into flows (name, draft, webhook_key) values ('SSE bench', ${sql.json(def)}, ${`ssebench${Date.now()}`}) returning id, webhook_key`;
    const [v] = await sql<{ id: string }[]>`insert into flow_versions (flow_id, number, hash, definition) values (${f!.id}, 1, 'bench', ${sql.json(def)}) returning id`;
    await sql`update flows set active = true, active_version_id = ${v!.id} where id = ${f!.id}`;
    const cookie = await signInCookie(app.baseUrl, 'analyst@example.com', 'baton-demo');

    const sse: Record<number, number[]> = {};
    for (const clients of [1, 50]) {
      sse[clients] = [];
      for (let i = 0; i < 20; i++) {
        const r = await post(`${app.baseUrl}/api/hooks/${f!.webhook_key}`, '{}');
        const { runId } = JSON.parse(r.text) as { runId: string };
        sse[clients]!.push(...(await watch(app.baseUrl, cookie, runId, clients)));
      }
    }

    // 100,000 finished runs of one flow, spread over 30 days.
    await sql`insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, started_at, finished_at)
      select gen_random_uuid(), ${f!.id}, ${v!.id}, (g % 10 = 0), case when g % 17 = 0 then 'failed' else 'succeeded' end, 'webhook', '{}'::jsonb,
        now() - (g || ' seconds')::interval * 26, now() - (g || ' seconds')::interval * 26 + interval '3 ms'
      from generate_series(1, 100000) g`;
    await sql`analyze runs`;
    const page = async (q: string) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const res = await fetch(`${app.baseUrl}/runs${q}`, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`runs page answered ${res.status}`);
        times.push(performance.now() - t0);
      }
      return { p50: pct(times, 50), p95: pct(times, 95) };
    };
    const history = { all: await page(''), failed: await page('?status=failed'), deep: await page(`?cursor=${Buffer.from(`${new Date(Date.now() - 20 * 86_400_000).toISOString()}|00000000-0000-4000-8000-000000000000`).toString('base64url')}`) };
    const r = { sse1: { p50: pct(sse[1]!, 50), p95: pct(sse[1]!, 95), n: sse[1]!.length }, sse50: { p50: pct(sse[50]!, 50), p95: pct(sse[50]!, 95), n: sse[50]!.length }, history };
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    report(r);
  } finally {
    await sql.end();
    await app.stop();
  }
}

function report(r: { sse1: { p50: number; p95: number; n: number }; sse50: { p50: number; p95: number; n: number }; history: Record<string, { p50: number; p95: number }> }) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  writeBenchmarkSection('runs', [
    '## Live status and history (bench:runs)',
    '',
    `Commit \`${execSync('git rev-parse --short HEAD').toString().trim()}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}. One \`npm start\`.`,
    '',
    '| measure | p50 | p95 | target |',
    '|---|---|---|---|',
    `| SSE delivery, 1 client per run (${r.sse1.n} events) | ${ms(r.sse1.p50)} | ${ms(r.sse1.p95)} | p95 < 50 ms |`,
    `| SSE delivery, 50 clients per run (${r.sse50.n} events) | ${ms(r.sse50.p50)} | ${ms(r.sse50.p95)} | p95 < 50 ms |`,
    `| Runs page with 100,000 runs | ${ms(r.history.all!.p50)} | ${ms(r.history.all!.p95)} | < 500 ms |`,
    `| … filtered to failed | ${ms(r.history.failed!.p50)} | ${ms(r.history.failed!.p95)} | < 500 ms |`,
    `| … a page 20 days deep (keyset cursor) | ${ms(r.history.deep!.p50)} | ${ms(r.history.deep!.p95)} | < 500 ms |`,
    '',
    'SSE delay is measured from the event\'s recorded time (set just before the commit that persists it) to its receipt by the client.',
  ]);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
