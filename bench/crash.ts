/**
 * `npm run bench:crash`: kills the server (SIGKILL, no drain) in the middle of an async-mode
 * load of a flow with an HTTP step to a loopback server between transforms, then a timer wait
 * and a review wait, restarts it, decides every review through the review path, and checks that
 * every accepted run (202) completes, that interrupted HTTP attempts are recorded and retried
 * with the same idempotency key, and that no run is stuck. Writes docs/BENCHMARKS.md.
 * `--port N --pg-port N` move it off its default ports.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execSync } from 'node:child_process';
import { writeBenchmarkSection } from './lib/benchmarks-md';
import postgres from 'postgres';
import { openDb } from '@/db/client';
import { resolveReviewTask, RunControlError } from '@/lib/runs/control';
import { startApp } from './lib/app';
import { post } from './lib/load';

const flag = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1] ?? fallback) || fallback;
const PORT = flag('--port', 3310);
const PG = flag('--pg-port', 54361);
const WAIT_MS = 2_000;
const DIR = '.data/bench-crash';
const LOAD_MS = 9_000;
const KILL_AT_MS = 3_000;

async function main() {
  const calls = new Map<string, number[]>();
  const api = http.createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    calls.set(key, [...(calls.get(key) ?? []), Date.now()]);
    req.resume();
    // /check answers with a low confidence: the step escalates to a reviewer.
    const body = req.url === '/check' ? '{"c":0.1}' : '{"charged":true}';
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), 20);
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const env = { BATON_ALLOWED_HOSTS: `127.0.0.1:${(api.address() as AddressInfo).port}` };

  let app = await startApp({ port: PORT, pgPort: PG, dataDir: DIR, fresh: true, env });
  const sql = postgres(app.dbUrl, { max: 2 });
  // Reviews are decided on the app's pool kind (drizzle's JSON serialisers), as the review API does.
  const reviewSql = openDb(app.dbUrl, 1).sql;
  const key = await createFlow(sql, apiUrl);
  const url = `${app.baseUrl}/api/hooks/${key}`;

  const accepted: string[] = [];
  let refused = 0;
  const until = Date.now() + LOAD_MS;
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (Date.now() < until) {
      try {
        const r = await post(url, JSON.stringify({ order: accepted.length }), agent);
        if (r.status === 202) accepted.push((JSON.parse(r.text) as { runId: string }).runId);
        else if (refused++ === 0) process.stderr.write(`first refusal: ${r.status} ${r.text.slice(0, 200)}\n`);
      } catch {
        refused++; // connection refused while the server is down
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    agent.destroy();
  };
  const kill = new Promise<void>((resolve) => setTimeout(() => {
    app.child.kill('SIGKILL');
    resolve();
  }, KILL_AT_MS));
  const load = Promise.all(Array.from({ length: 16 }, client));
  await kill;
  const acceptedBeforeKill = accepted.length;
  const killedAt = Date.now();
  app = await startApp({ port: PORT, pgPort: PG, dataDir: DIR, fresh: false, env });
  const restartMs = Date.now() - killedAt;
  await load;

  const deadline = Date.now() + 120_000;
  let open = Infinity;
  let reviews = 0;
  while (Date.now() < deadline) {
    reviews += await approveOpenReviews(reviewSql);
    open = (await sql<{ open: number }[]>`select count(*)::int as open from runs where status not in ('succeeded', 'failed', 'cancelled')`)[0]!.open;
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const recoveredMs = Date.now() - killedAt;
  const [counts] = await sql<{ succeeded: number; failed: number; total: number }[]>`
    select count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed, count(*)::int as total from runs where id = any(${accepted}::uuid[])`;
  const interrupted = await sql<{ run_id: string }[]>`select run_id from step_runs where status = 'interrupted' and step_id = 'charge'`;
  // The retry after the restart must reach the API with the run's idempotency key. (The cut attempt
  // itself may or may not have reached it before the kill.)
  const retriedSameKey = interrupted.filter((r) => (calls.get(`${r.run_id}:charge`) ?? []).some((t) => t > killedAt)).length;
  const seenTwice = interrupted.filter((r) => (calls.get(`${r.run_id}:charge`) ?? []).length >= 2).length;
  const missingRetry = await sql<{ n: number }[]>`
    select count(*)::int as n from step_runs i where i.status = 'interrupted' and not exists (select 1 from step_runs s where s.run_id = i.run_id and s.step_id = i.step_id and s.attempt > i.attempt and s.status = 'succeeded')`;
  await sql.end();
  await reviewSql.end();
  await app.stop();
  api.close();

  const r = { commit: execSync('git rev-parse --short HEAD').toString().trim(), date: new Date().toISOString(), accepted: accepted.length, acceptedBeforeKill, reviewsDecided: reviews, refusedWhileDown: refused, restartMs, recoveredMs, stuck: open, acceptedSucceeded: counts!.succeeded, acceptedFailed: counts!.failed, acceptedMissing: accepted.length - counts!.total, interruptedAttempts: interrupted.length, retriedWithSameKey: retriedSameKey, apiSawBothAttempts: seenTwice, interruptedWithoutSuccessfulRetry: missingRetry[0]!.n };
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  const ok = r.stuck === 0 && r.acceptedSucceeded === r.accepted && r.acceptedMissing === 0 && r.retriedWithSameKey === r.interruptedAttempts && r.interruptedWithoutSuccessfulRetry === 0;
  writeReport(r, ok);
  process.exitCode = ok ? 0 : 1;
}

/** Decides every open review task through lib/runs/control (the review API's path). */
async function approveOpenReviews(sql: postgres.Sql): Promise<number> {
  let n = 0;
  for (const t of await sql<{ id: string }[]>`select id from review_tasks where status = 'open'`) {
    try {
      await resolveReviewTask(sql, t.id, { action: 'approve' }, null);
      n++;
    } catch (e) {
      if (!(e instanceof RunControlError)) throw e;
    }
  }
  return n;
}

async function createFlow(sql: postgres.Sql, apiUrl: string): Promise<string> {
  const t = (id: string, name: string, value: string) => ({ id, type: 'transform', config: { assignments: [{ name, value }], keepInput: true } });
  const review = { confidence: { path: 'body.c', threshold: 0.9 }, escalation: { reason: 'Crash bench review', deadlineMs: 600_000, onTimeout: 'fail' } };
  const def = {
    version: 1,
    steps: [
      { id: 'trigger', type: 'webhook-trigger', config: { mode: 'async' } },
      t('before', 'prepared', '{{ true }}'),
      { id: 'charge', type: 'http-request', config: { method: 'POST', url: `${apiUrl}/charge`, body: '{{ input }}' } },
      { id: 'wait', type: 'delay', config: { ms: WAIT_MS } },
      { id: 'check', type: 'http-request', config: { method: 'POST', url: `${apiUrl}/check`, body: '{{ input.body }}' }, policy: review },
      t('after', 'charged', '{{ steps.charge.output.body.charged }}'),
    ],
    edges: ['trigger', 'before', 'charge', 'wait', 'check', 'after'].slice(1).map((to, i, all) => ({ from: i === 0 ? 'trigger' : all[i - 1]!, to, port: 'out' })),
  };
  const [f] = await sql<{ id: string; webhook_key: string }[]>`insert into flows (name, draft, webhook_key) values ('Crash bench', ${sql.json(def)}, ${`crash${Date.now()}`}) returning id, webhook_key`;
  const [v] = await sql<{ id: string }[]>`insert into flow_versions (flow_id, number, hash, definition) values (${f!.id}, 1, 'bench', ${sql.json(def)}) returning id`;
  await sql`update flows set active = true, active_version_id = ${v!.id} where id = ${f!.id}`;
  return f!.webhook_key;
}

function writeReport(r: Record<string, unknown>, ok: boolean) {
  writeBenchmarkSection('crash', [
    '## Crash recovery (bench:crash)',
    '',
    `Commit \`${r.commit}\`, ${String(r.date).slice(0, 16).replace('T', ' ')} UTC. 16 clients post to an async webhook of webhook → transform → HTTP (loopback, 20 ms) → Wait ${WAIT_MS / 1000} s → HTTP with a low confidence that escalates to a review → transform for ${LOAD_MS / 1000} s; the server is SIGKILLed at ${KILL_AT_MS / 1000} s and restarted (orphaned Postgres recovered, dead worker swept after its heartbeat goes stale); every review is approved through the review path as it opens (${r.reviewsDecided} decisions).`,
    '',
    '| accepted (202) | of them succeeded | missing | stuck | interrupted HTTP attempts | retried with the same key | API saw both attempts | restart took | all settled after the kill |',
    '|---|---|---|---|---|---|---|---|---|',
    `| ${r.accepted} | ${r.acceptedSucceeded} | ${r.acceptedMissing} | ${r.stuck} | ${r.interruptedAttempts} | ${r.retriedWithSameKey} | ${r.apiSawBothAttempts} | ${((r.restartMs as number) / 1000).toFixed(1)} s | ${((r.recoveredMs as number) / 1000).toFixed(1)} s |`,
    '',
    'An interrupted attempt whose request had not left the process when it was killed is seen once by the API (only its retry); the others twice, with the same idempotency key, so the API can drop the repeat.',
    '',
    ok ? 'Result: every accepted run completed; every interrupted attempt was retried with its idempotency key.' : 'Result: FAILED (see the numbers above).',
  ]);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
