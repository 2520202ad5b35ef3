import { chmodSync, existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runningPostmaster } from '@/db/embedded';
import { ConfigError } from './config';

/**
 * Backup of the embedded installation: the PostgreSQL data directory and the generated secrets
 * (without ENCRYPTION_KEY the stored credentials cannot be read), archived while Baton is stopped,
 * so the copy is consistent without a pg_dump of the server's version (PostgreSQL 18; Debian's
 * pg_dump 15 refuses a newer server).
 */
export function backupDataDir(dataDir: string, archive: string): string[] {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'pg', 'PG_VERSION'))) throw new ConfigError(`No embedded database under ${dir}/pg: nothing to back up (with DATABASE_URL, use pg_dump).`);
  refuseWhileRunning(dir, 'back up');
  const parts = ['pg', ...(existsSync(join(dir, 'secrets.json')) ? ['secrets.json'] : [])];
  tar(['-czf', resolve(archive), '-C', dir, ...parts]);
  chmodSync(archive, 0o600); // it holds the secrets
  return parts;
}

/** Puts a backup in place; what was there is kept beside it (pg.replaced-<time>), never deleted. */
export function restoreDataDir(dataDir: string, archive: string, now = new Date()): string | undefined {
  const dir = resolve(dataDir);
  if (!existsSync(archive)) throw new ConfigError(`No backup at ${archive}.`);
  refuseWhileRunning(dir, 'restore');
  let keptAs: string | undefined;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const part of ['pg', 'secrets.json']) {
    if (!existsSync(join(dir, part))) continue;
    renameSync(join(dir, part), join(dir, `${part}.replaced-${stamp}`));
    if (part === 'pg') keptAs = join(dir, `pg.replaced-${stamp}`);
  }
  // As root, tar keeps the files' owner (the postgres user that runs the embedded server).
  tar(['-xzf', resolve(archive), '-C', dir]);
  return keptAs;
}

function refuseWhileRunning(dir: string, what: string) {
  const pid = runningPostmaster(join(dir, 'pg'));
  if (pid) throw new ConfigError(`Baton's database is running (PostgreSQL pid ${pid}): stop Baton (Ctrl-C), then ${what} again.`);
}

function tar(args: string[]) {
  const res = spawnSync('tar', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`tar ${args[0]} failed: ${res.stderr || res.error?.message}`);
}
