import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A free TCP port on loopback (bound then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts `npm run worker`'s script as a real child process and resolves once it is ready. */
export async function spawnWorker(env: Record<string, string>, args: string[] = [], startWithinMs = 30_000): Promise<ChildProcess> {
  // node itself (not the tsx CLI, which would put a second process between us and the worker).
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/hooks/server-only.mjs', 'scripts/worker.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${startWithinMs / 1000} s: ${stderr}`)), startWithinMs);
    child.stdout!.on('data', (c: Buffer) => {
      if (/^worker \S+ ready/m.test(c.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
  });
  return child;
}

/** Re-checks a condition until it holds or the deadline passes (bounded; for cross-process effects). */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
