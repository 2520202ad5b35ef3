import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { runningPostmaster } from '@/db/embedded';

const PG15 = '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster serving `dataDir`, checked to be ours (its command line names the data dir). */
function postmasterOf(dataDir: string): number {
  const pid = runningPostmaster(dataDir);
  if (!pid) throw new Error(`no postmaster serves ${dataDir}`);
  return pid;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGKILLs the postmaster of a cluster this harness owns (never the machine's shared server:
 * the pid comes from the data dir's own postmaster.pid and its command line must name it).
 * Returns how to start it again exactly as it ran: command line and user.
 */
export function killPostmaster(dataDir: string): { argv: string[]; uid: number; gid: number } {
  const pid = postmasterOf(dataDir);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const ids = readFileSync(`/proc/${pid}/status`, 'utf8');
  const uid = Number(ids.match(/^Uid:\s+(\d+)/m)![1]);
  const gid = Number(ids.match(/^Gid:\s+(\d+)/m)![1]);
  process.kill(pid, 'SIGKILL');
  return { argv, uid, gid };
}

/**
 * Starts a killed postmaster again with its own command line (the embedded cluster: Baton keeps
 * running and must reconnect by itself). Retries while the killed server's backends still hold
 * its shared memory. Returns the new postmaster's pid.
 */
export async function restartPostmaster(p: { argv: string[]; uid: number; gid: number }, dataDir: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const started = await new Promise<boolean>((resolve) => {
      const child = spawn(p.argv[0]!, p.argv.slice(1), { uid: p.uid, gid: p.gid, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.on('data', (c: Buffer) => {
        if (c.toString().includes('ready to accept connections')) {
          child.stderr!.removeAllListeners('data');
          child.stderr!.resume();
          child.unref();
          resolve(true);
        }
      });
      child.once('exit', () => resolve(false));
    });
    if (started) return postmasterOf(dataDir);
    if (Date.now() > deadline) throw new Error(`PostgreSQL on ${dataDir} did not start again within 30 s`);
    await sleep(300);
  }
}

/** Stops a postmaster this harness (re)started, fast shutdown, bounded. */
export async function stopPostmaster(dataDir: string) {
  const pid = runningPostmaster(dataDir);
  if (!pid) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * A throwaway PostgreSQL 15 cluster of this harness's own (initdb + pg_ctl of the machine's
 * PostgreSQL 15 binaries) on its own port and data dir: the DATABASE_URL cell kills and restarts
 * it, never the machine's shared server on 5432.
 */
export async function startOwnCluster(port: number) {
  const dataDir = join(tmpdir(), `baton-chaos-pg15-${port}`);
  const asPostgres = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) => {
    const [bin, ...rest] = [...asPostgres, join(PG15, cmd), ...args];
    execFileSync(bin!, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  if (runningPostmaster(dataDir)) await stopPostmaster(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (asPostgres.length) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dataDir, uid, gid);
  }
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '30', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dataDir} -c synchronous_commit=on -c max_connections=200`, 'start']);
  start();
  return {
    dataDir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill: () => killPostmaster(dataDir),
    /** pg_ctl start again, retrying while the killed server's backends still hold its memory. */
    restart: async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          start();
          return;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await sleep(300);
        }
      }
    },
    drop: async () => {
      await stopPostmaster(dataDir);
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type OwnCluster = Awaited<ReturnType<typeof startOwnCluster>>;
