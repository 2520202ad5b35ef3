import { isPlainObject } from './runtime';

/**
 * Where a step type keeps secrets in its config, declared by its definition so that sealing
 * (before a flow is stored), revealing (only for the runner) and masking (of whatever the runner
 * returns) are generic: `{ path }` is one value (`['auth', 'token']`); `{ list, value, flag }` is
 * the `value` of each item of the array `list` whose boolean `flag` is set (a header marked secret).
 */
export type SecretField = { path: readonly string[] } | { list: string; value: string; flag: string };

/** `config` with every declared secret (a non-empty string) replaced by `fn(value)`; nothing else changes. */
export function mapSecretFields<T>(config: T, fields: readonly SecretField[] | undefined, fn: (value: string) => string): T {
  if (!fields?.length || !isPlainObject(config)) return config;
  let out: Record<string, unknown> = config;
  for (const f of fields) {
    if ('path' in f) out = setIn(out, f.path, fn);
    else if (Array.isArray(out[f.list])) {
      out = { ...out, [f.list]: (out[f.list] as unknown[]).map((item) => (isPlainObject(item) && item[f.flag] === true ? setIn(item, [f.value], fn) : item)) };
    }
  }
  return out as T;
}

/** The declared secret values of `config`, as they stand (call after revealing). */
export function secretValues(config: unknown, fields: readonly SecretField[] | undefined): string[] {
  const found: string[] = [];
  mapSecretFields(config, fields, (v) => (found.push(v), v));
  return found;
}

function setIn(obj: Record<string, unknown>, path: readonly string[], fn: (v: string) => string): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return obj;
  const cur = obj[head];
  if (rest.length) return isPlainObject(cur) ? { ...obj, [head]: setIn(cur, rest, fn) } : obj;
  return typeof cur === 'string' && cur !== '' ? { ...obj, [head]: fn(cur) } : obj;
}
