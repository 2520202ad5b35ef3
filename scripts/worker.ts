/**
 * `npm run worker`: an extra worker process against the same database. With `--listen PORT`
 * it also serves webhook URLs itself (no Next), so webhook load can scale apart from the UI.
 */
import { readLauncherConfig } from '@/lib/server/config';
import { failStart } from '@/lib/server/fail-start';
import { routeConsoleToLog, survivePipeClose } from '@/lib/log/console-json';
import { ensureSecrets } from '@/lib/server/secrets';
import { getDbHandle } from '@/db/client';
import { startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { startFastServer } from '@/lib/server/fast-server';

async function main() {
  survivePipeClose();
  routeConsoleToLog();
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
  const stop = async () => {
    server?.close();
    await worker.stop().catch(() => {});
    await handle.sql.end({ timeout: 5 });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGHUP', () => void stop());
}

main().catch((err) => failStart('The worker', err));
