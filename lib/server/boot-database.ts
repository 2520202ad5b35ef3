import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDb } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import type { LauncherConfig } from './config';
import { log } from '@/lib/log/logger';
import { quietGraphileLogger } from '@/lib/log/graphile-logger';

export type BootedDb = { url: string; embedded?: EmbeddedDb; demo: boolean };

/**
 * Resolves the database: DATABASE_URL when set (no demo accounts unless BATON_DEMO=1), else the
 * embedded cluster under the data dir (demo accounts unless BATON_DEMO=0). Migrates either way.
 */
export async function bootDatabase(cfg: LauncherConfig): Promise<BootedDb> {
  let url = cfg.DATABASE_URL;
  let embedded: EmbeddedDb | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: join(cfg.dataDir, 'pg'), port: cfg.BATON_PG_PORT, log });
    url = embedded.url;
    log.info('embedded PostgreSQL ready', { port: cfg.BATON_PG_PORT, dataDir: join(cfg.dataDir, 'pg') });
  }
  process.env.DATABASE_URL = url;
  await migrateDatabase(url, { queueLogger: quietGraphileLogger() });
  const demo = embedded ? cfg.BATON_DEMO !== '0' : cfg.BATON_DEMO === '1';
  return { url, embedded, demo };
}
