/** `npm run worker`: an extra worker process against the same database (DATABASE_URL required). */
import { readLauncherConfig } from '@/lib/server/config';
import { ensureSecrets } from '@/lib/server/secrets';
import { getDbHandle } from '@/db/client';
import { startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { log, errorFields } from '@/lib/log/logger';

async function main() {
  const cfg = readLauncherConfig();
  ensureSecrets(cfg.dataDir);
  if (!cfg.DATABASE_URL) {
    // The embedded cluster of `npm start` on this machine, which must already be running.
    process.env.DATABASE_URL = `postgres://baton:baton-local@127.0.0.1:${cfg.BATON_PG_PORT}/postgres`;
  }
  const handle = getDbHandle();
  const worker = await startWorkerRuntime({ url: handle.url, sql: handle.sql, concurrency: cfg.BATON_WORKER_CONCURRENCY });
  const stop = async () => {
    await worker.stop().catch(() => {});
    await handle.sql.end({ timeout: 5 });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  log.error('worker failed to start', errorFields(err));
  process.exit(1);
});
