/**
 * `npm run backup [-- FILE]` archives the embedded installation (database and secrets) while
 * Baton is stopped; `npm run backup -- --restore FILE` puts one back. With DATABASE_URL, back
 * up that server with pg_dump instead.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readLauncherConfig, ConfigError } from '@/lib/server/config';
import { backupDataDir, restoreDataDir } from '@/lib/server/backup';
import { failStart } from '@/lib/server/fail-start';

try {
  const cfg = readLauncherConfig();
  if (cfg.DATABASE_URL) throw new ConfigError('Baton uses DATABASE_URL: back up that server with pg_dump (a client of its major version or newer).');
  const args = process.argv.slice(2);
  const restoring = args[0] === '--restore';
  if (restoring) {
    if (!args[1]) throw new ConfigError('Name the backup to restore: npm run backup -- --restore backups/baton-….tar.gz');
    const kept = restoreDataDir(cfg.dataDir, args[1]);
    process.stdout.write(`Restored ${args[1]} into ${cfg.dataDir}.${kept ? ` The database that was there is kept at ${kept}.` : ''}\n`);
  } else {
    const file = args[0] ?? `backups/baton-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    mkdirSync(dirname(file), { recursive: true });
    const parts = backupDataDir(cfg.dataDir, file);
    process.stdout.write(`Backed up ${parts.join(' and ')} to ${file}\n`);
  }
} catch (err) {
  failStart('The backup', err);
}
