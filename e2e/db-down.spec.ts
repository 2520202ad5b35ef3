import { test, expect } from '@playwright/test';
import { rmSync } from 'node:fs';
import postgres from 'postgres';
import { alive, launch, postmasterPid, type Launched } from './launched';

/**
 * `npm start` while its PostgreSQL dies (SIGKILL of the postmaster): every route answers at once
 * (503 with a JSON body, a page that says so), SIGTERM still stops the app within the drain
 * bound, and once PostgreSQL is back the same process serves and runs flows again. Own ports
 * (app 3214-3215, no demo API; PostgreSQL 54611-54613), apart from the other projects and
 * from the demo APIs of the E2E_PORT=3200 servers (3210-3211).
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

const DRAIN_MS = 3_000;
const ECHO_FLOW = {
  version: 1,
  steps: [
    { id: 'trigger', type: 'webhook-trigger', name: 'Webhook', config: { mode: 'sync' }, position: { x: 0, y: 0 } },
    { id: 'respond', type: 'respond', name: 'Respond', config: { status: 200, body: '{{ input }}' }, position: { x: 240, y: 0 } },
  ],
  edges: [{ from: 'trigger', to: 'respond', port: 'out' }],
};
const WAIT_FLOW = {
  version: 1,
  steps: [
    { id: 'trigger', type: 'webhook-trigger', name: 'Webhook', config: { mode: 'async' }, position: { x: 0, y: 0 } },
    { id: 'wait', type: 'delay', name: 'Wait', config: { ms: 300 }, position: { x: 240, y: 0 } },
    { id: 'result', type: 'output', name: 'Result', config: { value: '{{ input }}' }, position: { x: 480, y: 0 } },
  ],
  edges: [{ from: 'trigger', to: 'wait', port: 'out' }, { from: 'wait', to: 'result', port: 'out' }],
};
/** A hang detector, not a speed target: the database is refused, so an answer takes milliseconds. */
const ANSWER_WITHIN_MS = 5_000;

type Answer = { ms: number; status: number; type: string; text: string; runId?: string | null };
async function timed(url: string, init: RequestInit = {}): Promise<Answer> {
  const t0 = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(25_000) });
    const text = await res.text();
    return { ms: Date.now() - t0, status: res.status, type: res.headers.get('content-type') ?? '', text, runId: res.headers.get('x-baton-run-id') };
  } catch (err) {
    return { ms: Date.now() - t0, status: 0, type: '', text: `no answer: ${String(err)}` };
  }
}
const json = (a: Answer): Record<string, unknown> => {
  try {
    return JSON.parse(a.text) as Record<string, unknown>;
  } catch {
    return { notJson: a.text.slice(0, 200) };
  }
};

/** A flow of ours, published and active (its production URL runs it); returns its webhook key. */
async function insertFlow(sql: postgres.Sql, name: string, definition: object): Promise<string> {
  const key = `${name.replace(/\W+/g, '-')}-${Date.now()}`;
  const def = sql.json(definition as postgres.JSONValue);
  const [flow] = await sql<{ id: string }[]>`insert into flows (name, draft, webhook_key) values (${name}, ${def}, ${key}) returning id`;
  const [version] = await sql<{ id: string }[]>`insert into flow_versions (flow_id, number, hash, definition) values (${flow!.id}, 1, ${key}, ${def}) returning id`;
  await sql`update flows set active = true, active_version_id = ${version!.id} where id = ${flow!.id}`;
  return key;
}

async function killPostmaster(dataDir: string) {
  const pid = postmasterPid(dataDir);
  process.kill(pid, 'SIGKILL');
  await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
}

/** SIGTERM, then how long until the process exited and with which code ('hung' after 30 s). */
async function stop(app: Launched): Promise<{ ms: number; code: number | null | 'hung' }> {
  const t0 = Date.now();
  app.child.kill('SIGTERM');
  const timer = new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000).unref());
  const code = await Promise.race([app.exited, timer]);
  const ms = Date.now() - t0;
  if (code === 'hung') app.child.kill('SIGKILL');
  figure('SIGTERM to exit with the database down', ms);
  return { ms, code };
}

/** Figures for the report: printed, and attached to the test. */
function figure(name: string, ms: number) {
  test.info().annotations.push({ type: name, description: `${ms} ms` });
  process.stdout.write(`figure: ${name}: ${ms} ms\n`);
}

/** What a client of each kind sees with the database gone; each must answer, and quickly (soft: report them all). */
async function expectDatabaseDownAnswers(base: string, hookKey: string) {
  const times: number[] = [];
  // Again and again: each failed attempt grows the pool's reconnect back-off, which must not
  // turn into a wait for the caller.
  for (let i = 0; i < 24; i++) {
    const health = await timed(`${base}/api/health`);
    times.push(health.ms);
    expect.soft(health.ms, `health #${i}: ${health.text}`).toBeLessThan(ANSWER_WITHIN_MS);
    expect.soft(health.status, health.text).toBe(503);
    expect.soft(json(health)).toMatchObject({ ok: false, db: 'down' });
  }

  const hook = await timed(`${base}/api/hooks/${hookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
  expect.soft(hook.ms, hook.text).toBeLessThan(ANSWER_WITHIN_MS);
  expect.soft(hook.status, hook.text).toBe(503);
  expect.soft(hook.type).toContain('application/json');
  expect.soft(json(hook).error).toMatch(/database/i);

  const api = await timed(`${base}/api/v1/runs`, { headers: { authorization: 'Bearer bt_not-a-real-token' } });
  expect.soft(api.ms, api.text).toBeLessThan(ANSWER_WITHIN_MS);
  expect.soft(api.status, api.text).toBe(503);
  expect.soft(json(api).error).toMatch(/database/i);

  // A run view's live status (EventSource) is asked to come back later rather than refused,
  // since an EventSource gives up for good on a 503.
  const events = await timed(`${base}/api/runs/00000000-0000-4000-8000-000000000000/events`, { headers: { accept: 'text/event-stream' } });
  expect.soft(events.ms, events.text).toBeLessThan(ANSWER_WITHIN_MS);
  expect.soft(events.status).toBe(200);
  expect.soft(events.type).toContain('text/event-stream');
  expect.soft(events.text).toMatch(/^retry: \d+$/m);

  const page = await timed(`${base}/sign-in`);
  expect.soft(page.ms, page.text).toBeLessThan(ANSWER_WITHIN_MS);
  expect.soft(page.status).toBe(503);
  expect.soft(page.text.includes('Baton cannot reach its database'), page.text.slice(0, 300)).toBe(true);
  figure('slowest answer with the database down', Math.max(...times, hook.ms, api.ms, events.ms, page.ms));
}

test('PostgreSQL behind DATABASE_URL killed: 503 at once, back by itself when it returns, SIGTERM within the drain bound', async () => {
  const dir = '.data/e2e-db-down';
  rmSync(dir, { recursive: true, force: true });
  const pgDir = `${dir}/pg`;
  const url = 'postgres://baton:baton-local@127.0.0.1:54611/postgres';
  const base = 'http://127.0.0.1:3214';
  let db = await launch({}, 'db/testing/embedded-child.ts', 'ready', [pgDir, '54611']);
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  let app: Launched | undefined;
  try {
    app = await launch({ PORT: '3214', BATON_DATA_DIR: dir, BATON_PG_PORT: '54612', DATABASE_URL: url, BATON_DEMO: '1', BATON_DRAIN_MS: String(DRAIN_MS), BATON_DEMO_API_PORT: '0' });
    expect((await timed(`${base}/api/health`)).status).toBe(200);
    const hookKey = await insertFlow(probe, 'db-down echo', ECHO_FLOW);
    // A flow whose run goes through the queue (a timer wake-up is a graphile-worker job).
    const waitKey = await insertFlow(probe, 'db-down wait', WAIT_FLOW);
    const before = await timed(`${base}/api/hooks/${hookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(before.status, before.text).toBe(200);

    db.child.kill('SIGKILL');
    await killPostmaster(pgDir);
    await expectDatabaseDownAnswers(base, hookKey);

    // The same data dir and port again: the app finds it without a restart and runs flows.
    db = await launch({}, 'db/testing/embedded-child.ts', 'ready', [pgDir, '54611']);
    const back = Date.now();
    await expect.poll(async () => (await timed(`${base}/api/health`)).status, { timeout: 30_000 }).toBe(200);
    figure('PostgreSQL ready to health 200', Date.now() - back);
    const after = await timed(`${base}/api/hooks/${hookKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":2}' });
    expect(after.status, after.text).toBe(200);
    expect(json(after)).toMatchObject({ n: 2 });
    const [run] = await probe<{ status: string }[]>`select status from runs where id = ${after.runId!}`;
    expect(run?.status).toBe('succeeded');
    // The queue runner and its LISTEN came back too: a run that waits on a timer finishes.
    const queued = await timed(`${base}/api/hooks/${waitKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":4}' });
    expect(queued.status, queued.text).toBe(202);
    const waitRunId = String(json(queued).runId);
    await expect.poll(async () => (await probe<{ status: string }[]>`select status from runs where id = ${waitRunId}`)[0]?.status, { timeout: 30_000 }).toBe('succeeded');
    expect((await timed(`${base}/sign-in`)).status).toBe(200);

    // Gone again, and then the operator stops Baton: it exits within the drain bound all the same.
    db.child.kill('SIGKILL');
    await killPostmaster(pgDir);
    expect((await timed(`${base}/api/health`)).status).toBe(503);
    const stopped = await stop(app);
    app = undefined;
    expect(stopped.ms).toBeLessThan(DRAIN_MS + 5_000);
    // Its own bounded steps ended it, not the backstop (which exits with 1).
    expect(stopped.code).toBe(0);
  } finally {
    if (app) app.child.kill('SIGKILL');
    await probe.end({ timeout: 1 }).catch(() => {});
    db.child.kill('SIGKILL');
    try {
      process.kill(postmasterPid(pgDir), 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

test('the embedded PostgreSQL killed under npm start: 503 at once, SIGTERM within the drain bound', async () => {
  const dir = '.data/e2e-db-down-embedded';
  rmSync(dir, { recursive: true, force: true });
  const base = 'http://127.0.0.1:3215';
  const app = await launch({ PORT: '3215', BATON_DATA_DIR: dir, BATON_PG_PORT: '54613', DATABASE_URL: '', BATON_DEMO: '1', BATON_DRAIN_MS: String(DRAIN_MS), BATON_DEMO_API_PORT: '0' });
  let stopped = false;
  try {
    expect((await timed(`${base}/api/health`)).status).toBe(200);
    const probe = postgres('postgres://baton:baton-local@127.0.0.1:54613/postgres', { max: 1, onnotice: () => {} });
    const hookKey = await insertFlow(probe, 'db-down echo', ECHO_FLOW);
    await probe.end();
    await killPostmaster(`${dir}/pg`);
    await expectDatabaseDownAnswers(base, hookKey);
    const end = await stop(app);
    stopped = true;
    expect(end.ms).toBeLessThan(DRAIN_MS + 5_000);
    expect(end.code).toBe(0);
  } finally {
    if (!stopped) app.child.kill('SIGKILL');
  }
});
