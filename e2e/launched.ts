import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A script of ours started as a real process (as `npm start` or `npm run worker` start it). */
export type Launched = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

/**
 * Starts `script` under node with tsx (or `npm start` itself, as a user, systemd or Docker runs
 * it) and resolves once `readyText` appears on its stdout.
 */
export function launch(env: Record<string, string>, script = 'scripts/start.ts', readyText = 'Baton is running at', args: string[] = []): Promise<Launched> {
  const [cmd, argv] = script === 'npm start' ? ['npm', ['start']] : [process.execPath, ['--import', 'tsx', '--import', './scripts/hooks/server-only.mjs', script, ...args]];
  const child = spawn(cmd, argv, {
    env: { ...process.env, LOG_LEVEL: 'info', BATON_SCHEDULER: 'off', AUTH_SECRET: '', ENCRYPTION_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready within 180 s:\n${out}`)), 180_000);
    child.stdout!.on('data', () => {
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve({ child, out: () => out, exited });
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

/** The postmaster serving a data dir, from its pid file. */
export const postmasterPid = (dataDir: string) => Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
