/**
 * `npm start`: the zero-setup launcher. Database (embedded or DATABASE_URL) → migrations →
 * seed → production build if missing → demo API → Next server with the default worker in this
 * process. A stop (SIGTERM, SIGINT, SIGHUP, or npm gone), at any point of that, drains in
 * reverse order: stop accepting, stop the worker, close the pool, stop Postgres last. Each step
 * is bounded and the whole stop ends within BATON_DRAIN_MS + STOP_GRACE_MS, whatever the
 * database does (gone, frozen, slow to stop).
 */
import { defaultDemoApiPort, readLauncherConfig } from '@/lib/server/config';
import { failStart } from '@/lib/server/fail-start';
import { ensureSecrets } from '@/lib/server/secrets';
import { bootDatabase } from '@/lib/server/boot-database';
import { ensureProductionBuild } from '@/lib/server/build';
import { startHttpServer } from '@/lib/server/http-server';
import { allowDemoApi, DEMO_API_HOST, startDemoApi } from '@/lib/server/demo-api';
import { createLifecycle, Stopping } from '@/lib/server/lifecycle';
import { getDb, getDbHandle } from '@/db/client';
import { DEMO_USERS, DEMO_PASSWORD } from '@/db/seed';
import { seedDemo, seedExamples } from '@/lib/server/seed-demo';
import { DRAIN_MS, STOP_GRACE_MS, startWorkerRuntime } from '@/lib/runs/worker-runtime';
import { routeConsoleToLog, survivePipeClose } from '@/lib/log/console-json';
import { settleWithin } from '@/lib/time';
import type { EmbeddedDb } from '@/db/embedded';

async function main() {
  const dev = process.argv.includes('--dev');
  survivePipeClose();
  // In production every line is JSON (Next's own error output too); in development Next's
  // readable messages stay as they are.
  if (!dev) routeConsoleToLog();
  const ours: { embedded?: EmbeddedDb } = {};
  // Past the bound, an embedded PostgreSQL gets an immediate (crash-safe) shutdown on the way out.
  const life = createLifecycle({ withinMs: DRAIN_MS + STOP_GRACE_MS, onOverrun: () => ours.embedded?.abort() });
  const cfg = readLauncherConfig();
  ensureSecrets(cfg.dataDir);
  process.env.AUTH_TRUST_HOST ??= 'true';
  // Baton sends nothing anywhere on its own: no Next.js telemetry from the build or the server.
  process.env.NEXT_TELEMETRY_DISABLED = '1';

  const booted = await life.started(bootDatabase(cfg), async function postgres(b) {
    await b.embedded?.stop();
  });
  ours.embedded = booted.embedded;
  await life.started(getDbHandle(), function pool(h) {
    return settleWithin(h.sql.end({ timeout: 1 }), 1_500);
  });
  const examples = { demoApiUrl: `http://${DEMO_API_HOST}:${cfg.demoApiPort || defaultDemoApiPort(cfg.PORT)}` };
  await life.started(booted.demo ? seedDemo(getDb(), examples) : seedExamples(getDb(), examples));

  const root = process.cwd();
  if (!dev) await life.started(ensureProductionBuild(root, { onChild: (c) => life.adopt(c) }));
  // The demo API the examples call, and the one loopback destination allowed by default.
  const demo = cfg.demoApiPort ? await life.started(startDemoApi(cfg.demoApiPort), function demoApi(s) {
    return s && new Promise((r) => (s.close(r), s.closeAllConnections()));
  }) : null;
  if (demo) process.env.BATON_ALLOWED_HOSTS = allowDemoApi(process.env.BATON_ALLOWED_HOSTS, cfg.demoApiPort);
  await life.started(startWorkerRuntime({ url: booted.url, sql: getDbHandle().sql, concurrency: cfg.BATON_WORKER_CONCURRENCY }), function worker(w) {
    return w.stop();
  });
  await life.started(startHttpServer({ dir: root, dev, port: cfg.PORT, host: cfg.HOST }), function httpServer(s) {
    s.close();
    s.closeAllConnections();
  });

  const url = `http://localhost:${cfg.PORT}`;
  const accounts = booted.demo ? DEMO_USERS.map((u) => `    ${u.email.padEnd(24)} ${u.roles.join(', ')}`).join('\n') : '';
  process.stdout.write(
    `\n  Baton is running at ${url}\n` +
      (booted.demo ? `\n  Demo accounts (password: ${DEMO_PASSWORD}):\n${accounts}\n` : `\n  First visit? ${url}/setup creates the first admin account.\n`) +
      (demo ? `\n  The examples' demo API: http://${DEMO_API_HOST}:${cfg.demoApiPort} (BATON_DEMO_API_PORT=0 turns it off)\n` : '') +
      '\n',
  );
}

main().catch((err) => {
  if (!(err instanceof Stopping)) failStart('Baton', err);
});
