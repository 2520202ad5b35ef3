import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { log } from '@/lib/log/logger';

const SOURCES = ['app', 'components', 'lib', 'db', 'public', 'instrumentation-client.ts', 'package.json', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json'];
const SKIP = /(^|\/)(node_modules|\.next|\.data)(\/|$)|\.test\.tsx?$/;

/** A content hash of everything that goes into the production build. */
export function sourceFingerprint(root: string): string {
  const h = createHash('sha256');
  const walk = (rel: string) => {
    const abs = join(root, rel);
    if (!existsSync(abs) || SKIP.test(rel)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) walk(join(rel, name));
    } else {
      h.update(rel).update('\0').update(readFileSync(abs)).update('\0');
    }
  };
  SOURCES.forEach(walk);
  return h.digest('hex');
}

/**
 * Runs `next build` (with its own progress output) unless .next holds a build of these sources.
 * The build runs in a process group of its own, handed to `onChild`, so that a stop during a
 * first start (minutes) ends it and its workers instead of waiting for it. Next's telemetry is
 * off: Baton sends nothing anywhere on its own.
 */
export async function ensureProductionBuild(root: string, opts: { force?: boolean; onChild?: (child: ChildProcess) => void } = {}): Promise<void> {
  const force = opts.force ?? false;
  const stamp = join(root, '.next', 'baton-build-fingerprint');
  // Developers iterating on server-only code (engine, driver) can keep the last build.
  if (!force && process.env.BATON_REUSE_BUILD === '1' && existsSync(join(root, '.next', 'BUILD_ID'))) return;
  const want = sourceFingerprint(root);
  if (!force && existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log.info('building the production app (first start or changed sources); this takes a minute or two…');
  const child = spawn(join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit', detached: true, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  opts.onChild?.(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  });
  if (code !== 0) throw new Error(signal ? `next build was stopped (${signal})` : `next build failed with exit code ${code}`);
  writeFileSync(stamp, want);
}
