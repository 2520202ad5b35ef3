import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type postgres from 'postgres';
import { openDb } from '@/db/client';
import { startApp, type App } from '../lib/app';
import { spawnWorker } from '@/lib/testing/processes';
import { GRACE_MS, HEARTBEAT_MS, STALE_MS, type Fault } from './round';
import { killPostmaster, restartPostmaster, stopPostmaster, type OwnCluster } from './postgres';
import { clientPorts } from './sockets';

export const TARGETS = ['server', 'worker', 'terminate', 'pg-embedded', 'pg-url'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_NAMES: Record<Target, string> = {
  server: 'SIGKILL of the server (npm start, in-process worker)',
  worker: 'SIGKILL of an extra npm run worker',
  terminate: "pg_terminate_backend of a worker's connections",
  'pg-embedded': 'SIGKILL of the embedded PostgreSQL, restarted',
  'pg-url': 'SIGKILL of PostgreSQL 15 via DATABASE_URL (own cluster), restarted',
};

/** Short heartbeats so a dead worker is stale in 1.5 s; no demo API (its port would be PORT + 10). */
export const APP_ENV = { BATON_HEARTBEAT_MS: String(HEARTBEAT_MS), BATON_WORKER_STALE_MS: String(STALE_MS), BATON_DRAIN_MS: '500', BATON_SCHEDULER: 'off', BATON_DEMO_API_PORT: '0' };
export const PORTS = { app: 3300, appUrl: 3301, worker: 3302, pg: 54700, pgOwn: 54701, pgUnused: 54702 };
/** A new worker's start (tsx compiling on the way) took over 30 s on the shared 2-core VM at load average 45. */
const WORKER_START_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

/** A Baton under test: `npm start`'s launcher (embedded PostgreSQL unless a cluster is given). */
export type Deployment = {
  app: App;
  dataDir: string;
  dbUrl: string;
  pgPort: number;
  sql: postgres.Sql;
  log: (c: Buffer) => void;
  /** The environment of every Baton process of this deployment (server and extra workers). */
  env: Record<string, string>;
  /** Set while the harness itself stops or kills the server. */
  expectingExit: boolean;
  /** Exits of the server that the harness did not cause (each fails the fault being run). */
  unexpected: string[];
  start: () => Promise<App>;
  /** Starts the server again if it exited on its own, so the matrix goes on. */
  ensureUp: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function deploy(opts: { port: number; dataDir: string; cluster?: OwnCluster; logFile: string; allowedHosts: string }): Promise<Deployment> {
  mkdirSync(resolve(opts.logFile, '..'), { recursive: true });
  // Written synchronously: the last lines before a crash are the ones that matter.
  const log = (c: Buffer) => appendFileSync(opts.logFile, c);
  // Every outbound call stays on loopback: the one allow-list entry is the matrix's echo server.
  const env: Record<string, string> = { ...APP_ENV, BATON_ALLOWED_HOSTS: opts.allowedHosts, ...(opts.cluster ? { DATABASE_URL: opts.cluster.url } : {}) };
  const launch = async (fresh: boolean) => {
    const app = await startApp({ port: opts.port, pgPort: opts.cluster ? PORTS.pgUnused : PORTS.pg, dataDir: opts.dataDir, fresh, env, onStderr: log });
    app.child.once('exit', (code, signal) => {
      if (!d.expectingExit) d.unexpected.push(`the server process exited on its own (${code ?? signal}) at ${new Date().toISOString().slice(11, 19)}; see ${opts.logFile}`);
    });
    return app;
  };
  const app = await launch(true);
  const dbUrl = opts.cluster?.url ?? app.dbUrl;
  const d: Deployment = {
    app,
    dataDir: resolve(opts.dataDir),
    dbUrl,
    pgPort: Number(new URL(dbUrl).port),
    // The app's own pool kind (drizzle sets its JSON serialisers), as the review API uses.
    sql: openDb(dbUrl, 4).sql,
    log,
    env,
    expectingExit: false,
    unexpected: [],
    start: () => launch(false),
    ensureUp: async () => {
      if (d.app.child.exitCode === null && d.app.child.signalCode === null) return;
      d.app = await launch(false);
    },
    // SIGTERM drains; bounded, since a server whose PostgreSQL was swapped under it may not stop.
    stop: async () => {
      await d.sql.end({ timeout: 5 }).catch(() => {});
      d.expectingExit = true;
      const gone = exited(d.app.child);
      d.app.child.kill('SIGTERM');
      await Promise.race([gone, sleep(20_000)]);
      if (d.app.child.exitCode === null && d.app.child.signalCode === null) d.app.child.kill('SIGKILL');
      await gone;
      if (!opts.cluster) await stopPostmaster(resolve(opts.dataDir, 'pg'));
    },
  };
  return d;
}

/** One extra `npm run worker` serving webhooks on its own port, so runs start (and execute) there. */
async function extraWorker(d: Deployment): Promise<ChildProcess> {
  const w = await spawnWorker({ ...d.env, DATABASE_URL: d.dbUrl, BATON_DATA_DIR: d.dataDir }, ['--listen', String(PORTS.worker)], WORKER_START_MS);
  w.stderr!.on('data', d.log);
  return w;
}

/** A fault outcome the run tables cannot show: a process that should have lived exited. */
export type Incident = string;

/**
 * The fault of each target and its recovery. Returns the fault and a cleanup that stops what
 * the target started (its extra worker).
 */
export async function faultFor(target: Target, d: Deployment, rnd: () => number, incidents: Incident[], cluster?: OwnCluster): Promise<{ fault: Fault; cleanup: () => Promise<void> }> {
  const viaApp = () => `http://127.0.0.1:${new URL(d.app.baseUrl).port}`;
  const none = async () => {};
  if (target === 'server') {
    return {
      fault: {
        base: viaApp,
        kill: async () => {
          d.expectingExit = true;
          const gone = exited(d.app.child);
          d.app.child.kill('SIGKILL');
          await gone;
        },
        recover: async () => {
          d.app = await d.start();
          d.expectingExit = false;
        },
      },
      cleanup: none,
    };
  }
  if (target === 'worker' || target === 'terminate') {
    let worker = await extraWorker(d);
    const viaWorker = () => `http://127.0.0.1:${PORTS.worker}`;
    const cleanup = async () => {
      const gone = exited(worker);
      worker.kill('SIGTERM');
      await Promise.race([gone, sleep(GRACE_MS)]);
      worker.kill('SIGKILL');
    };
    if (target === 'worker') {
      return {
        fault: {
          base: viaWorker,
          kill: async () => {
            const gone = exited(worker);
            worker.kill('SIGKILL');
            await gone;
          },
          recover: async () => {
            await sleep(rnd() * 1_000);
            worker = await extraWorker(d);
          },
        },
        cleanup,
      };
    }
    return {
      fault: {
        base: viaWorker,
        kill: async () => {
          // Cutting its connections must not end the worker: if the last cut did, say so and start another.
          if (worker.exitCode !== null || worker.signalCode !== null) {
            incidents.push(`the worker exited (${worker.exitCode ?? worker.signalCode}) after its connections were cut`);
            worker = await extraWorker(d);
          }
          const ports = clientPorts(worker.pid!, d.pgPort);
          await d.sql`select count(pg_terminate_backend(pid)) from pg_stat_activity where client_port = any(${ports}::int[]) and pid <> pg_backend_pid()`;
        },
        recover: none,
      },
      cleanup,
    };
  }
  if (target === 'pg-embedded') {
    const pgDir = resolve(d.dataDir, 'pg');
    let killed: ReturnType<typeof killPostmaster> | undefined;
    return {
      fault: {
        base: viaApp,
        kill: async () => {
          killed = killPostmaster(pgDir);
        },
        recover: async () => {
          await sleep(500 + rnd() * 2_000);
          await restartPostmaster(killed!, pgDir);
        },
      },
      cleanup: none,
    };
  }
  return {
    fault: {
      base: viaApp,
      kill: async () => {
        cluster!.kill();
      },
      recover: async () => {
        await sleep(500 + rnd() * 2_000);
        await cluster!.restart();
      },
    },
    cleanup: none,
  };
}
