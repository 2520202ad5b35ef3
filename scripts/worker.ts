/**
 * `npm run worker`: an extra worker process against the same database. With `--listen PORT`
 * it also serves webhook URLs itself (no Next), so webhook load can scale apart from the UI.
 */
import { readLauncherConfig } from '@/lib/server/config';
import { failStart } from '@/lib/server/fail-start';
import { routeConsoleToLog, survivePipeClose } from '@/lib/log/console-json';
import { ensureSecrets } from '@/lib/server/secrets';
import { getDbHandle } from '@/db/client';
import { DRAIN_MS, STOP_GRACE_MS, startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { settleWithin } from '@/lib/time';
import { log, errorFields } from '@/lib/log/logger';
import { isDatabaseUnavailable } from '@/lib/server/db-availability';
import { startFastServer } from '@/lib/server/fast-server';

/** Set once the worker can stop cleanly; a signal before that waits for it (never the default kill). */
let stop: (() => Promise<void>) | undefined;
let stopAsked = false;
const onSignal = () => (stop ? void stop() : (stopAsked = true));
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, onSignal);

async function main() {
  survivePipeClose();
  routeConsoleToLog();
  // graphile-worker may leave a database error unawaited (a job ending as the database goes;
  // lib/runs/queue-guard.ts avoids most): log it and carry on, as Next's server does. Any other
  // unhandled rejection still ends the process, as Node's default.
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    log.warn('a database error was left unawaited while the database was away', errorFields(reason));
  });
  const cfg = readLauncherConfig();
  ensureSecrets(cfg.dataDir);
  if (!cfg.DATABASE_URL) {
    // The embedded cluster of `npm start` on this machine, which must already be running.
    process.env.DATABASE_URL = `postgres://baton:baton-local@127.0.0.1:${cfg.BATON_PG_PORT}/postgres`;
  }
  const handle = getDbHandle();
  const worker = await startWorkerRuntime({ url: handle.url, sql: handle.sql, concurrency: cfg.BATON_WORKER_CONCURRENCY });
  const listenAt = process.argv.indexOf('--listen');
  const server = listenAt > 0 ? await startFastServer(Number(process.argv[listenAt + 1]), cfg.HOST) : undefined;
  process.stdout.write(`worker ${worker.id} ready${server ? ` (webhooks on port ${process.argv[listenAt + 1]})` : ''}\n`);
  let stopping = false;
  stop = async () => {
    if (stopping) return;
    stopping = true;
    // Bounded whatever the database does: see scripts/start.ts.
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting now', { afterMs: DRAIN_MS + STOP_GRACE_MS });
      process.exit(1);
    }, DRAIN_MS + STOP_GRACE_MS).unref();
    server?.close();
    await worker.stop().catch(() => {});
    await settleWithin(handle.sql.end({ timeout: 1 }), 1_500);
    process.exit(0);
  };
  if (stopAsked) void stop();
}

main().catch((err) => failStart('The worker', err));
