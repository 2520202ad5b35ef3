import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { runMigrations as migrateQueue, Logger } from 'graphile-worker';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

const silent = new Logger(() => () => {});

/**
 * Applies Baton's generated migrations and graphile-worker's own schema. Safe to repeat.
 * `queueLogger` hears graphile-worker's migration messages (the caller's logger; silent if none).
 */
export async function migrateDatabase(url: string, opts: { queueLogger?: Logger } = {}): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end();
  }
  await migrateQueue({ connectionString: url, logger: opts.queueLogger ?? silent });
}
