import { test, expect } from '@playwright/test';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import postgres from 'postgres';
import { launch as launchScript, postmasterPid } from './launched';

/**
 * `npm start` as a new user runs it: the launcher process itself, on a fresh data dir, then
 * killed without warning and started again, then stopped; and the same launcher pointed at
 * another PostgreSQL server with DATABASE_URL. The production build is the one `npm test` made.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

/** Every start here begins with no allow-list of the caller's (the demo API's entry is the launcher's). */
const launch = (env: Record<string, string>, ...rest: Parameters<typeof launchScript> extends [unknown, ...infer R] ? R : never) => launchScript({ BATON_ALLOWED_HOSTS: '', ...env }, ...rest);
const pidOf = postmasterPid;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Every process below `pid` (children, grandchildren…), read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const health = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; db: string; workers: number; version: string } };
};
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('npm start on a fresh machine: embedded database, demo seed, health, an extra worker, crash recovery, clean stop', async ({ browser }) => {
  const dir = '.data/e2e-launcher';
  rmSync(dir, { recursive: true, force: true });
  const env = { PORT: '3102', BATON_DATA_DIR: dir, BATON_PG_PORT: '54351', DATABASE_URL: '', BATON_DEMO: '' };

  const first = await launch(env);
  expect(first.out()).toContain('Baton is running at http://localhost:3102');
  for (const email of ['admin@example.com', 'analyst@example.com', 'reviewer@example.com']) expect(first.out()).toContain(email);
  expect(first.out()).toContain('password: baton-demo');

  // Secrets were generated into the data dir, readable by the owner only, and never printed.
  const secrets = JSON.parse(readFileSync(`${dir}/secrets.json`, 'utf8')) as { authSecret: string; encryptionKey: string };
  expect(statSync(`${dir}/secrets.json`).mode & 0o077).toBe(0);
  expect(first.out()).not.toContain(secrets.authSecret);
  expect(first.out()).not.toContain(secrets.encryptionKey);
  // Every line is JSON with time, level and message (Next's own output too), but the banner
  // for people (indented).
  const logLines = first.out().split('\n').filter((l) => l !== '' && !l.startsWith('  '));
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) expect(JSON.parse(line), line).toMatchObject({ t: expect.any(String), level: expect.any(String), msg: expect.any(String) });

  expect(await health(3102)).toEqual({ status: 200, body: { ok: true, db: 'up', workers: 1, version } });

  // `npm run worker` joins the same embedded database.
  const worker = await launch({ BATON_DATA_DIR: dir, BATON_PG_PORT: '54351', DATABASE_URL: '' }, 'scripts/worker.ts', 'ready');
  await expect.poll(async () => (await health(3102)).body.workers).toBe(2);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);

  // Sign-in works on a host other than localhost (the request's host is trusted).
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('http://127.0.0.1:3102/sign-in');
  await page.getByLabel('Email').fill('analyst@example.com');
  await page.getByLabel('Password').fill('baton-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('http://127.0.0.1:3102/flows');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toBeVisible();

  // SIGKILL leaves PostgreSQL orphaned; the next start shuts it down and starts clean.
  const orphan = pidOf(`${dir}/pg`);
  first.child.kill('SIGKILL');
  await first.exited;
  expect(alive(orphan)).toBe(true);
  const second = await launch(env);
  expect(alive(orphan)).toBe(false);
  expect(second.out()).toContain('orphaned PostgreSQL');
  expect(second.out()).not.toContain('building the production app');
  expect((await health(3102)).body).toMatchObject({ ok: true, db: 'up' });
  const sql = postgres('postgres://baton:baton-local@127.0.0.1:54351/postgres', { max: 1 });
  try {
    const [users] = await sql<{ n: number }[]>`select count(*)::int as n from users`;
    expect(users?.n).toBe(3);
  } finally {
    await sql.end();
  }
  // The session cookie from before the crash still holds (same generated AUTH_SECRET).
  await page.goto('http://127.0.0.1:3102/runs');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' })).toBeVisible();
  await context.close();

  // SIGTERM drains and stops the embedded PostgreSQL too.
  const pgPid = pidOf(`${dir}/pg`);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(alive(pgPid)).toBe(false);
  expect(existsSync(`${dir}/pg/postmaster.pid`)).toBe(false);
});

test('npm start, stopped with SIGTERM to npm as a process manager does: the seeded HTTP example calls the demo API (200), then the whole tree stops', async ({ browser }) => {
  const dir = '.data/e2e-launcher';
  const env = { PORT: '3102', BATON_DATA_DIR: dir, BATON_PG_PORT: '54351', DATABASE_URL: '', BATON_DEMO: '' };
  const app = await launch(env, 'npm start');
  const npmPid = app.child.pid!;
  // npm → the launcher → embedded PostgreSQL and its workers; a shell in between must not hide it.
  const tree = descendants(npmPid);
  try {
    expect(tree.length).toBeGreaterThan(3);
    expect(await listening(3102)).toBe(true);
    expect(await listening(54351)).toBe(true);

    // The demo API the seeded examples call, on a loopback port of its own near PORT, and the
    // seeded "Call an HTTP API", unchanged, run as a new user would: a 200 from the demo API,
    // allowed by the default allow-list entry (no BATON_ALLOWED_HOSTS here). Soft, so that the
    // stop below is checked whatever happens here.
    expect.soft(await listening(3112)).toBe(true);
    expect.soft(app.out()).toContain('demo API');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('http://127.0.0.1:3102/sign-in');
    await page.getByLabel('Email').fill('analyst@example.com');
    await page.getByLabel('Password').fill('baton-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Call an HTTP API' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText(/succeeded|failed/, { timeout: 20_000 });
    const runId = (await page.getByTestId('editor.run-status').getByRole('link').getAttribute('href'))!.split('/').pop()!;
    const sql = postgres('postgres://baton:baton-local@127.0.0.1:54351/postgres', { max: 1 });
    try {
      const rows = await sql<{ status: string; output: { status?: number } | null; error: unknown }[]>`
        select status, output, error from step_runs where run_id = ${runId} and step_id = 'call' order by attempt desc limit 1`;
      expect.soft(rows[0], JSON.stringify(rows[0]?.error)).toMatchObject({ status: 'succeeded', output: { status: 200 } });
    } finally {
      await sql.end();
    }
    await expect.soft(page.getByTestId('editor.run-status')).toContainText('succeeded');
    await context.close();

    // SIGTERM to npm only, as systemd (KillMode=mixed), Docker or a closing terminal's manager
    // sends it: everything npm started drains and stops, npm last.
    process.kill(npmPid, 'SIGTERM');
    expect(await app.exited).toBe(0);
    for (const port of [3102, 54351, 3112]) expect(await listening(port), `port ${port}`).toBe(false);
    expect(tree.filter(alive)).toEqual([]);
    expect(existsSync(`${dir}/pg/postmaster.pid`)).toBe(false);
  } finally {
    // Whatever failed above, leave nothing of this test running.
    for (const pid of [npmPid, ...tree].filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

test('npm start with DATABASE_URL: migrates that server, seeds no demo accounts, asks for the first admin, leaves the server running', async ({ page }) => {
  const dir = '.data/e2e-external';
  rmSync(dir, { recursive: true, force: true });
  // Another PostgreSQL server, owned by someone else: a cluster in a process of its own.
  const other = await launch({}, 'db/testing/embedded-child.ts', 'ready', [`${dir}/other-pg`, '54352']);
  const otherPid = pidOf(`${dir}/other-pg`);
  const admin = postgres('postgres://baton:baton-local@127.0.0.1:54352/postgres', { max: 1 });
  try {
    await admin`create database baton_ext`;
    const app = await launch({ PORT: '3103', BATON_DATA_DIR: dir, BATON_PG_PORT: '54353', DATABASE_URL: 'postgres://baton:baton-local@127.0.0.1:54352/baton_ext', BATON_DEMO: '' });
    expect(app.out()).toContain('First visit? http://localhost:3103/setup creates the first admin account.');
    expect(app.out()).not.toContain('Demo accounts');
    expect(existsSync(`${dir}/pg`)).toBe(false);

    const db = postgres('postgres://baton:baton-local@127.0.0.1:54352/baton_ext', { max: 1 });
    try {
      const [users] = await db<{ n: number }[]>`select count(*)::int as n from users`;
      expect(users?.n).toBe(0);
      const [runs] = await db<{ t: string | null }[]>`select to_regclass('public.runs')::text as t`;
      expect(runs?.t).toBe('runs');
    } finally {
      await db.end();
    }
    await page.goto('http://localhost:3103/');
    await expect(page).toHaveURL('http://localhost:3103/setup');
    await expect(page.getByRole('button', { name: 'Create admin account' })).toBeVisible();

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    // Baton stops only what it started: the other server still answers.
    expect(alive(otherPid)).toBe(true);
    expect((await admin<{ one: number }[]>`select 1 as one`)[0]?.one).toBe(1);
  } finally {
    await admin.end();
    other.child.kill('SIGKILL');
    process.kill(otherPid, 'SIGINT');
    await expect.poll(() => alive(otherPid), { timeout: 20_000 }).toBe(false);
  }
});
