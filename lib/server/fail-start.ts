import { ConfigError } from './config';
import { log, errorFields } from '@/lib/log/logger';

/**
 * Ends a process that could not start. A configuration mistake is printed as plain text that
 * says what to fix (no stack trace); anything else is logged with its stack for a bug report.
 */
export function failStart(what: string, err: unknown): never {
  if (err instanceof ConfigError) process.stderr.write(`\n  ${what} did not start. ${err.message.replace(/\n/g, '\n  ')}\n\n`);
  else log.error(`${what} failed to start`, errorFields(err));
  process.exit(1);
}
