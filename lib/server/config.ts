import { resolve } from 'node:path';
import { z } from 'zod';
import { AllowListError, parseAllowList } from '@/lib/net/allow-list';

/** A whole-number setting whose every error message names it and its range. */
const wholeNumber = (name: string, min: number, max: number) => {
  const range = `${name} must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range);
};

/** The launcher's environment, validated once with messages that say what to fix. */
const schema = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL').optional(),
  PORT: wholeNumber('PORT', 1, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  BATON_DATA_DIR: z.string().default('.data'),
  BATON_PG_PORT: wholeNumber('BATON_PG_PORT', 1024, 65535).refine((p) => p !== 5432, 'BATON_PG_PORT must not be 5432, where a system PostgreSQL may listen').default(54329),
  BATON_DEMO: z.enum(['0', '1'], { error: 'BATON_DEMO must be 0 or 1' }).optional(),
  BATON_WORKER_CONCURRENCY: wholeNumber('BATON_WORKER_CONCURRENCY', 1, 64).default(4),
  BATON_DEMO_API_PORT: wholeNumber('BATON_DEMO_API_PORT', 0, 65535).optional(),
  // Parsed for real by the engine runtime; checked here so a typo stops the start with its reason.
  BATON_ALLOWED_HOSTS: z.string().optional().superRefine((raw, ctx) => {
    try {
      parseAllowList(raw, {});
    } catch (err) {
      if (!(err instanceof AllowListError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  }),
});

/** The demo API sits near the app: PORT + 10 (3010 by default), or PORT - 10 at the top of the range. */
export const defaultDemoApiPort = (port: number) => (port + 10 <= 65535 ? port + 10 : port - 10);

/** `demoApiPort` 0 means no demo API and no allow-list entry for it. */
export type LauncherConfig = Omit<z.infer<typeof schema>, 'BATON_DEMO_API_PORT'> & { dataDir: string; demoApiPort: number };

/** A setting the operator must fix: its message is the whole story (no stack trace). */
export class ConfigError extends Error {}

export function readLauncherConfig(env: Record<string, string | undefined> = process.env): LauncherConfig {
  // `VAR= npm start` (or an empty line in an env file) means "not set", as for DATABASE_URL.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const field = i.path.join('.');
      return `  ${i.message.includes(field) ? i.message : `${field}: ${i.message}`}`;
    }).join('\n');
    throw new ConfigError(`Invalid configuration:\n${lines}`);
  }
  const { BATON_DEMO_API_PORT, ...rest } = parsed.data;
  const demoApiPort = BATON_DEMO_API_PORT ?? defaultDemoApiPort(rest.PORT);
  if (demoApiPort !== 0 && (demoApiPort === rest.PORT || demoApiPort === rest.BATON_PG_PORT)) {
    throw new ConfigError(`Invalid configuration:\n  BATON_DEMO_API_PORT (${demoApiPort}) must differ from PORT and BATON_PG_PORT (0 turns the demo API off)`);
  }
  return { ...rest, dataDir: resolve(rest.BATON_DATA_DIR), demoApiPort };
}
