/**
 * One small structured logger: JSON lines on stdout/stderr with a level, a message and
 * context fields (runId, requestId…). Values under keys that look secret are masked, so a
 * careless `log.info('x', { headers })` cannot leak a token.
 */
import { preview } from '@/lib/json/preview';

/** A log line stays readable: large context values are cut to a preview. */
const LOG_FIELDS_BYTES = 4_096;

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key/i;

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? 'info') as Level;
  return order[configured] ?? order.info;
}

/** Replaces values under secret-looking keys with "***" (deeply, bounded depth). */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '***' : maskSecrets(v, depth + 1);
  return out;
}

export type Logger = {
  [L in Level]: (msg: string, fields?: Record<string, unknown>) => void;
} & { child(fields: Record<string, unknown>): Logger };

function make(base: Record<string, unknown>): Logger {
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < threshold()) return;
    const small = preview(maskSecrets({ ...base, ...fields }), LOG_FIELDS_BYTES).value;
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...(typeof small === 'object' ? small : { fields: small }) });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => make({ ...base, ...fields }),
  };
}

export const log = make({});

/** Turns an unknown thrown value into loggable fields without dumping huge objects. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { error: err.message, errorName: err.name, stack: err.stack?.split('\n').slice(0, 6).join('\n') };
  return { error: String(err) };
}
