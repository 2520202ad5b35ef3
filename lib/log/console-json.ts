/* eslint-disable no-console -- this module replaces the console's methods with structured logging */
import { format } from 'node:util';
import { log, errorFields } from './logger';

/**
 * Routes the console (Next.js reports render and route errors, and its start-up notes, through
 * it) into the structured log, so that a production process writes JSON lines only.
 */
export function routeConsoleToLog(): void {
  console.error = (...args: unknown[]) => log.error(...split(args));
  console.warn = (...args: unknown[]) => log.warn(...split(args));
  console.log = console.info = (...args: unknown[]) => log.info(...split(args));
}

function split(args: unknown[]): [string, Record<string, unknown> | undefined] {
  const error = args.find((a): a is Error => a instanceof Error);
  const rest = args.filter((a) => a !== error);
  const msg = rest.length ? format(...rest) : (error?.message ?? '');
  return [msg, error ? errorFields(error) : undefined];
}

/**
 * Keeps the process alive and quiet when whoever reads its output goes away (a closed terminal,
 * a dead pipe reader): without a listener, the EPIPE of a write is an uncaught error that is
 * itself logged to the same dead pipe, and the process spins at full CPU instead of stopping.
 */
export function survivePipeClose(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
