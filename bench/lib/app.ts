import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import postgres from 'postgres';
import { openDb } from '@/db/client';
import { insertPublishedFlow } from '@/db/testing/flows';
import { SPEED_WORKLOADS, type SpeedWorkload } from '@/lib/workflow/speed-workloads';

export type App = { child: ChildProcess; baseUrl: string; dbUrl: string; stop: () => Promise<void> };

/**
 * Starts Baton the way a user does (`npm start`'s launcher: embedded Postgres, production
 * build, default worker in the server process) on its own data dir and ports.
 */
export async function startApp(opts: { port: number; pgPort: number; dataDir: string; fresh: boolean; env?: Record<string, string>; onStderr?: (chunk: Buffer) => void }): Promise<App> {
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/hooks/server-only.mjs', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(opts.port), BATON_DATA_DIR: opts.dataDir, BATON_PG_PORT: String(opts.pgPort), DATABASE_URL: '', LOG_LEVEL: 'warn', ...opts.env },
    // Warnings go to the terminal unless the caller keeps them (the chaos matrix logs to a file).
    stdio: ['ignore', 'pipe', opts.onStderr ? 'pipe' : 'inherit'],
  });
  if (opts.onStderr) child.stderr!.on('data', opts.onStderr);
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Baton did not start within 5 minutes')), 300_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('Baton is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`Baton exited with ${code} during start`)));
  });
  child.stdout!.resume();
  return {
    child,
    baseUrl,
    dbUrl: `postgres://baton:baton-local@127.0.0.1:${opts.pgPort}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Creates the speed workloads W0/W1/W2 as published, active flows in the app's database (a new
 * installation does not seed them) and returns each one's webhook key.
 */
export async function createSpeedFlows(dbUrl: string): Promise<Record<SpeedWorkload, string>> {
  const db = openDb(dbUrl, 1);
  try {
    const keys = {} as Record<SpeedWorkload, string>;
    for (const [w, { name, definition }] of Object.entries(SPEED_WORKLOADS) as [SpeedWorkload, (typeof SPEED_WORKLOADS)[SpeedWorkload]][]) {
      keys[w] = (await insertPublishedFlow(db.db, definition, { name })).webhookKey;
    }
    return keys;
  } finally {
    await db.sql.end();
  }
}

/** Reconciles the database with what the clients saw: completed runs and W1 step rows. */
export async function reconcile(dbUrl: string) {
  const sql = postgres(dbUrl, { max: 1 });
  const [runs] = await sql<{ total: number; succeeded: number; other: number }[]>`
    select count(*)::int as total, count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status <> 'succeeded')::int as other from runs`;
  const [w1] = await sql<{ runs: number; short: number }[]>`
    with w1 as (select r.id from runs r join flows f on f.id = r.flow_id where f.name like 'Speed W1%')
    select (select count(*) from w1)::int as runs,
      (select count(*) from w1 where (select count(*) from step_runs s where s.run_id = w1.id and s.step_id ~ '^s[0-9]+$' and s.status = 'succeeded') <> 10)::int as short`;
  await sql.end();
  return { ...runs!, w1Runs: w1!.runs, w1RunsMissingSteps: w1!.short };
}
