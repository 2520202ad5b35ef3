import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { migrateDatabase } from '@/db/migrate';
import { openDb } from '@/db/client';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';
import { enqueueRun } from './enqueue-run';

/**
 * `npm run worker` while its PostgreSQL is killed mid-job and started again on the same data
 * dir and port: the job whose run could not commit must not take the process down (graphile-
 * worker records a job's end unawaited), queued runs complete again once PostgreSQL is back,
 * the one cut short included, and a SIGTERM with the database gone still stops it in time.
 * Its own embedded cluster, since the test kills it.
 */
const DRAIN_MS = 500;
const dir = `.data/test-db-outage-${randomBytes(4).toString('hex')}`;
let port: number;
let url: string;
let pg: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let db: ReturnType<typeof openDb>;
let held: http.ServerResponse | undefined;
let srv: Awaited<ReturnType<typeof loopbackServer>>;

/** The cluster in a process of its own (db/testing/embedded-child.ts), resolved once it serves. */
function startPostgres(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'db/testing/embedded-child.ts', `${dir}/pg`, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}: ${out}`)));
  });
}
const postmaster = () => Number(readFileSync(`${dir}/pg/postmaster.pid`, 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function killPostgres() {
  const pid = postmaster();
  pg?.kill('SIGKILL');
  process.kill(pid, 'SIGKILL');
  await eventually(async () => alive(pid), (a) => !a, 10_000);
  expect(alive(pid)).toBe(false);
}
const statusOf = async (id: string) => (await db.sql<{ status: string }[]>`select status from runs where id = ${id}`)[0]?.status;

beforeAll(async () => {
  port = await freePort();
  url = `postgres://baton:baton-local@127.0.0.1:${port}/postgres`;
  pg = await startPostgres();
  await migrateDatabase(url);
  db = openDb(url, 2);
  // The first call is held until the test has killed the database; later calls answer at once.
  srv = await loopbackServer((call, res) => {
    if (srv.calls.length === 1) held = res;
    else json(res, 200, { charged: true });
  });
}, 120_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  await db?.sql.end({ timeout: 1 }).catch(() => {});
  pg?.kill('SIGKILL');
  try {
    process.kill(postmaster(), 'SIGKILL');
  } catch {
    // already gone
  }
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a worker whose PostgreSQL dies mid-job', () => {
  it('survives, completes queued runs once PostgreSQL is back, and stops in time with it gone', async () => {
    worker = await spawnWorker({ DATABASE_URL: url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_HEARTBEAT_MS: '300', BATON_WORKER_STALE_MS: '1500', BATON_DRAIN_MS: String(DRAIN_MS), BATON_DATA_DIR: '.data/test-workers' });
    let log = '';
    worker.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const def = flow().webhook('t', { mode: 'async' }).step('charge', 'http-request', { method: 'POST', url: `${srv.url}/charge`, body: '{{ input }}' })
      .set('after', { done: '{{ input.body.charged }}' }).chain('t', 'charge', 'after').build();
    const { flowId, versionId } = await insertPublishedFlow(db.db, def);
    const enqueue = () => enqueueRun(db.sql, { flowId, versionId, isTest: false, payload: { kind: 'webhook', body: { n: 1 } } });

    // A queue job executing the run, its HTTP call in flight when the database dies.
    const cut = await enqueue();
    await srv.waitForCalls(1);
    await killPostgres();
    json(held!, 200, { charged: true });
    // The run's commit fails, so does its job: the worker outlives that, and waits.
    await eventually(async () => log, (l) => l.includes('the database is unreachable'), 15_000);
    expect(worker.exitCode).toBeNull();

    pg = await startPostgres();
    const after = await enqueue();
    expect(await eventually(() => statusOf(after), (s) => s === 'succeeded', 30_000)).toBe('succeeded');
    expect(await eventually(() => statusOf(cut), (s) => s === 'succeeded', 30_000)).toBe('succeeded');

    await killPostgres();
    const t0 = Date.now();
    worker.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => worker!.once('exit', (c) => r(c)));
    expect(Date.now() - t0).toBeLessThan(DRAIN_MS + 5_000);
    expect(code).toBe(0);
  }, 120_000);
});
