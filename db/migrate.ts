import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { runMigrations as migrateQueue, Logger } from 'graphile-worker';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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

/** graphile-worker logs through our structured logger, at debug for its chatter. */
export function quietGraphileLogger(): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: level === 'warning' ? 'warn' : 'error', msg: message, source: 'graphile-worker' }) + '\n');
  });
}
