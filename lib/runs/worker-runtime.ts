import 'server-only';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { run, type Runner, type TaskList } from 'graphile-worker';
import type { Sql } from '@/db/client';
import { quietGraphileLogger } from '@/db/migrate';
import { log } from '@/lib/log/logger';

export const HEARTBEAT_MS = 2_000;

export type WorkerRuntime = { id: string; stop: () => Promise<void> };

/**
 * One worker process: a heartbeat row (so that others can tell it is alive) and a
 * graphile-worker runner for the queued work (resumes, timers, recovery). Runs started in
 * this process execute in it directly; the queue carries everything else.
 */
export async function startWorkerRuntime(opts: { url: string; sql: Sql; tasks: TaskList; concurrency?: number }): Promise<WorkerRuntime> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { sql } = opts;
  await sql`insert into workers (id, host, pid) values (${id}, ${hostname()}, ${process.pid})`;
  const beat = setInterval(() => {
    sql`update workers set heartbeat_at = now() where id = ${id}`.catch((e) => log.warn('heartbeat failed', { error: String(e) }));
  }, HEARTBEAT_MS);
  beat.unref();

  const runner: Runner = await run({
    connectionString: opts.url,
    concurrency: opts.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList: opts.tasks,
    logger: quietGraphileLogger(),
  });
  log.info('worker started', { workerId: id });

  return {
    id,
    stop: async () => {
      clearInterval(beat);
      await runner.stop();
      await sql`delete from workers where id = ${id}`;
      log.info('worker stopped', { workerId: id });
    },
  };
}
