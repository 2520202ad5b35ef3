import 'server-only';

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
