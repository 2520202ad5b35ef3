import { resolve } from 'node:path';
import { z } from 'zod';

/** The launcher's environment, validated once with messages that say what to fix. */
const schema = z.object({
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url('DATABASE_URL must be a postgres:// URL').optional()),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  BATON_DATA_DIR: z.string().default('.data'),
  BATON_PG_PORT: z.coerce.number().int().min(1024).max(65535).refine((p) => p !== 5432, 'BATON_PG_PORT must not be 5432, where a system PostgreSQL may listen').default(54329),
  BATON_DEMO: z.enum(['0', '1']).optional(),
  BATON_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export type LauncherConfig = z.infer<typeof schema> & { dataDir: string };

export function readLauncherConfig(env: Record<string, string | undefined> = process.env): LauncherConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.BATON_DATA_DIR) };
}
