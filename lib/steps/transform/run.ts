import { isPlainObject, type PureRunner } from '../runtime';
import { NonRetriableError } from '../errors';

type Config = { assignments: { name: string; value: unknown }[]; keepInput: boolean };
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Input with the assignments applied (dotted names set nested fields), or only the assignments. */
export const transformRunner: PureRunner = {
  kind: 'pure',
  run: (config: Config, input) => {
    const out: Record<string, unknown> = config.keepInput && isPlainObject(input) ? { ...input } : {};
    for (const { name, value } of config.assignments) setPath(out, name, value);
    return { output: out };
  },
};

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    if (FORBIDDEN.has(p)) throw new NonRetriableError(`Field name "${path}" is not allowed`);
    const next = cur[p];
    cur = cur[p] = isPlainObject(next) ? { ...next } : {};
  }
  const last = parts.at(-1)!;
  if (FORBIDDEN.has(last)) throw new NonRetriableError(`Field name "${path}" is not allowed`);
  cur[last] = value;
}
