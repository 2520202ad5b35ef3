/**
 * `npm run bench:inbox`: the reviewer inbox at scale, on `npm start`'s server plus a second
 * worker process (`npm run worker`): 2 workers share the resume jobs.
 * Decision-to-resume = the run's ReviewResolved event time (set when a worker resumes the run)
 * − the task's resolved_at (the decision's commit), both read from Postgres: 40 runs paused on
 * a low-confidence step, decided through /api/v1, 4 at a time.
 * Inbox page = time to load /inbox (HTML, server-rendered) as a reviewer with 10,000 open tasks.
 */
import { execSync, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { writeBenchmarkSection } from './lib/benchmarks-md';
import { startApp } from './lib/app';
import { post } from './lib/load';
import { signInCookie } from './lib/session';
import { machine } from './lib/proc';
import { openDb } from '@/db/client';
import { createApiToken } from '@/lib/api/tokens';
import { spawnWorker } from '@/lib/testing/processes';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const RUNS = 40;
const TASKS = 10_000;

async function main() {
  const app = await startApp({ port: 3340, pgPort: 54391, dataDir: '.data/bench-inbox', fresh: true, env: { BATON_SCHEDULER: 'off' } });
  const sql = postgres(app.dbUrl, { max: 4 });
  const db = openDb(app.dbUrl, 2);
  let second: ChildProcess | null = null;
  try {
    second = await spawnWorker({ DATABASE_URL: app.dbUrl, BATON_SCHEDULER: 'off', BATON_DATA_DIR: '.data/bench-inbox' });
    const def = {
      version: 1,
      steps: [
        { id: 't', type: 'webhook-trigger', config: { mode: 'async' } },
        { id: 'score', type: 'transform', config: { assignments: [{ name: 'c', value: 0.1 }] }, policy: { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Low confidence', deadlineMs: 3_600_000, onTimeout: 'fail' } } },
        { id: 'after', type: 'transform', config: { assignments: [{ name: 'done', value: true }] } },
      ],
      edges: [{ from: 't', to: 'score', port: 'out' }, { from: 'score', to: 'after', port: 'out' }],
    };
    const [f] = await sql<{ id: string; webhook_key: string }[]>`insert into flows (name, draft, webhook_key) values ('Inbox bench', ${sql.json(def)}, ${`inboxbench${Date.now()}`}) returning id, webhook_key`;
    const [v] = await sql<{ id: string }[]>`insert into flow_versions (flow_id, number, hash, definition) values (${f!.id}, 1, 'bench', ${sql.json(def)}) returning id`;
    await sql`update flows set active = true, active_version_id = ${v!.id} where id = ${f!.id}`;
    const [reviewer] = await sql<{ id: string }[]>`select id from users where email = 'reviewer@example.com'`;
    const { token } = await createApiToken(db.db, reviewer!.id, 'bench', ['reviews:write', 'reviews:read']);

    for (let i = 0; i < RUNS; i++) await post(`${app.baseUrl}/api/hooks/${f!.webhook_key}`, '{}');
    const deadline = Date.now() + 60_000;
    let tasks: { id: string }[] = [];
    while (Date.now() < deadline && tasks.length < RUNS) {
      tasks = await sql<{ id: string }[]>`select t.id from review_tasks t join runs r on r.id = t.run_id where r.flow_id = ${f!.id} and r.status = 'waiting' and t.status = 'open'`;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (tasks.length < RUNS) throw new Error(`only ${tasks.length} of ${RUNS} runs paused`);
    for (let i = 0; i < tasks.length; i += 4) {
      await Promise.all(tasks.slice(i, i + 4).map(async (t) => {
        const res = await fetch(`${app.baseUrl}/api/v1/reviews/${t.id}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"action":"approve"}' });
        if (res.status !== 200) throw new Error(`decision answered ${res.status}: ${await res.text()}`);
      }));
    }
    const until = Date.now() + 60_000;
    let delays: { ms: number }[] = [];
    while (Date.now() < until && delays.length < RUNS) {
      delays = await sql<{ ms: number }[]>`select extract(epoch from (e.at - t.resolved_at)) * 1000 as ms from review_tasks t join run_events e on e.run_id = t.run_id and e.type = 'ReviewResolved'
        where t.id = any(${tasks.map((t) => t.id)}::uuid[])`;
      await new Promise((r) => setTimeout(r, 200));
    }
    const resume = delays.map((d) => Number(d.ms));
    const finished = await sql<{ n: number }[]>`select count(*)::int as n from runs where flow_id = ${f!.id} and status = 'succeeded'`;

    // 10,000 open tasks on waiting runs (no worker holds them; nothing wakes them).
    await sql`insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, started_at)
      select gen_random_uuid(), ${f!.id}, ${v!.id}, false, 'waiting', 'webhook', '{}'::jsonb, now() - (g || ' seconds')::interval from generate_series(1, ${TASKS}) g`;
    await sql`insert into review_tasks (run_id, step_id, kind, reason, priority, deadline, proposed_output, created_at)
      select id, 'score', 'escalation', 'Low confidence: Confidence 0.1 at "c" is below 0.9', (random() * 3)::int, now() + (random() * 86400 || ' seconds')::interval, '{"c":0.1}'::jsonb, started_at
      from runs where flow_id = ${f!.id} and status = 'waiting' and state is null`;
    await sql`analyze runs`;
    await sql`analyze review_tasks`;
    const cookie = await signInCookie(app.baseUrl, 'reviewer@example.com', 'baton-demo');
    const page = async (q: string) => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        const res = await fetch(`${app.baseUrl}/inbox${q}`, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`inbox answered ${res.status}`);
        if (i > 0) times.push(performance.now() - t0); // the first load warms the route
      }
      return { p50: pct(times, 50), p95: pct(times, 95) };
    };
    const inbox = { all: await page(''), urgent: await page('?priority=urgent'), search: await page('?q=Inbox%20bench') };
    const count = async () => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        await (await fetch(`${app.baseUrl}/api/inbox/count`, { headers: { cookie } })).text();
        if (i > 0) times.push(performance.now() - t0);
      }
      return { p50: pct(times, 50), p95: pct(times, 95) };
    };
    const r = { resume: { p50: pct(resume, 50), p95: pct(resume, 95), n: resume.length, finished: finished[0]!.n }, inbox, badge: await count() };
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    report(r);
  } finally {
    second?.kill('SIGTERM');
    await db.sql.end();
    await sql.end();
    await app.stop();
  }
}

type Stat = { p50: number; p95: number };
function report(r: { resume: Stat & { n: number; finished: number }; inbox: Record<'all' | 'urgent' | 'search', Stat>; badge: Stat }) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  writeBenchmarkSection('inbox', [
    '## Reviewer inbox (bench:inbox)',
    '',
    `Commit \`${execSync('git rev-parse --short HEAD').toString().trim()}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}. One \`npm start\` (with its in-process worker) and one \`npm run worker\`: 2 workers.`,
    '',
    '| measure | p50 | p95 | target |',
    '|---|---|---|---|',
    `| Decision → run resumed, 2 workers (${r.resume.n} decisions via /api/v1, 4 at a time; ${r.resume.finished} runs finished) | ${ms(r.resume.p50)} | ${ms(r.resume.p95)} | p95 ≤ 1 s |`,
    `| /inbox page (HTML), 10,000 open tasks | ${ms(r.inbox.all.p50)} | ${ms(r.inbox.all.p95)} | p50 ≤ 200 ms |`,
    `| … filtered by priority | ${ms(r.inbox.urgent.p50)} | ${ms(r.inbox.urgent.p95)} | |`,
    `| … searched by flow name | ${ms(r.inbox.search.p50)} | ${ms(r.inbox.search.p95)} | |`,
    `| Navigation badge count (/api/inbox/count) | ${ms(r.badge.p50)} | ${ms(r.badge.p95)} | |`,
    '',
    'Decision → resume is read from Postgres: the ReviewResolved event\'s time (when a worker resumed the run) minus the task\'s resolved_at (the decision\'s commit).',
  ]);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
