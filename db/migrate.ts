import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { runMigrations as migrateQueue, Logger } from 'graphile-worker';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { log } from '@/lib/log/logger';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies Baton's generated migrations and graphile-worker's own schema. Safe to repeat. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end();
  }
  await migrateQueue({ connectionString: url, logger: quietGraphileLogger() });
}

/**
 * graphile-worker logs through our structured logger: its errors and warnings as such, its
 * chatter at debug, and failures the caller expects (a retry by design, not a fault) at debug.
 */
export function quietGraphileLogger(expected: (message: string) => boolean = () => false): Logger {
  const queue = log.child({ source: 'graphile-worker' });
  return new Logger(() => (level, message) => {
    if (level === 'error' && !expected(message)) queue.error(message);
    else if (level === 'warning') queue.warn(message);
    else queue.debug(message);
  });
}
