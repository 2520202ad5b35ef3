import 'server-only';
import { isSealed, unseal } from '@/lib/crypto/secret-box';
import { StepFailure } from './errors';
import type { AsyncRunner } from './runtime';

export const MASK = '***';

/** Shorter values would mask unrelated text; a secret is at least this long to be masked. */
const MIN_SECRET_LENGTH = 4;

/**
 * `value` with every occurrence of a secret replaced by "***" (in strings and keys, at any depth).
 * Works on the JSON text: one pass, no recursion, whatever the nesting.
 */
export function maskSecretValues<T>(value: T, secrets: readonly string[]): T {
  const found = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (!found.length || value === undefined) return value;
  const text = JSON.stringify(value);
  let masked = text;
  for (const s of found) masked = masked.replaceAll(JSON.stringify(s).slice(1, -1), MASK);
  if (masked === text) return value;
  try {
    return JSON.parse(masked) as T;
  } catch {
    // A secret that matched across an escape sequence: keep nothing of the value but its masked text.
    return masked as T;
  }
}

/**
 * Wraps an effectful runner so that the secret values it was given (sealed in its config) never
 * leave it: a service that echoes a secret header back (in its body or headers, or in an error)
 * records "***" instead. Outputs and errors become step rows, events, SSE and downloads, so
 * this is the one place to mask them.
 */
export function withMaskedSecrets(runner: AsyncRunner, secretsOf: (config: never) => string[]): AsyncRunner {
  return {
    kind: 'async',
    run: async (config, input, ctx) => {
      const secrets = secretsOf(config);
      try {
        const out = await runner.run(config, input, ctx);
        return secrets.length ? { ...out, output: maskSecretValues(out.output, secrets) } : out;
      } catch (err) {
        if (secrets.length && err instanceof Error) {
          err.message = maskSecretValues(err.message, secrets);
          if (err instanceof StepFailure && err.details !== undefined) err.details = maskSecretValues(err.details, secrets);
        }
        throw err;
      }
    },
  };
}

/** The plain values of an HTTP step's headers marked secret (stored sealed). */
export function httpSecretHeaders(config: { headers?: { value: unknown; secret?: boolean }[] }): string[] {
  return (config.headers ?? []).flatMap((h) => (h.secret && typeof h.value === 'string' && h.value ? [isSealed(h.value) ? unseal(h.value) : h.value] : []));
}
