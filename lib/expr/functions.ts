/**
 * The expression function library: pure, total over JSON values, no access to the host.
 * Documented in docs/expressions.md; each throws a TypeError with a readable message on misuse.
 */
type Fn = (...args: unknown[]) => unknown;

const str = (v: unknown, fn: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TypeError(`${fn}() expects text, got ${describe(v)}`);
};
const num = (v: unknown, fn: string): number => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new TypeError(`${fn}() expects a number, got ${describe(v)}`);
};
const list = (v: unknown, fn: string): unknown[] => {
  if (Array.isArray(v)) return v;
  throw new TypeError(`${fn}() expects a list, got ${describe(v)}`);
};
const obj = (v: unknown, fn: string): Record<string, unknown> => {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new TypeError(`${fn}() expects an object, got ${describe(v)}`);
};
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}
const date = (v: unknown, fn: string): Date => {
  const d = new Date(typeof v === 'number' ? v : str(v, fn));
  if (Number.isNaN(d.getTime())) throw new TypeError(`${fn}() expects a date (ISO text or epoch ms), got ${describe(v)}`);
  return d;
};
const DAY = 86_400_000;

export const FUNCTIONS: Record<string, Fn> = {
  // text
  upper: (s) => str(s, 'upper').toUpperCase(),
  lower: (s) => str(s, 'lower').toLowerCase(),
  trim: (s) => str(s, 'trim').trim(),
  replace: (s, a, b) => str(s, 'replace').split(str(a, 'replace')).join(str(b, 'replace')),
  split: (s, sep) => str(s, 'split').split(str(sep, 'split')),
  substring: (s, start, end) => str(s, 'substring').substring(num(start, 'substring'), end === undefined ? undefined : num(end, 'substring')),
  startsWith: (s, p) => str(s, 'startsWith').startsWith(str(p, 'startsWith')),
  endsWith: (s, p) => str(s, 'endsWith').endsWith(str(p, 'endsWith')),
  string: (v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''),
  // numbers
  number: (v) => num(v, 'number'),
  round: (n, digits) => {
    const f = 10 ** (digits === undefined ? 0 : num(digits, 'round'));
    return Math.round(num(n, 'round') * f) / f;
  },
  floor: (n) => Math.floor(num(n, 'floor')),
  ceil: (n) => Math.ceil(num(n, 'ceil')),
  abs: (n) => Math.abs(num(n, 'abs')),
  min: (...xs) => Math.min(...(xs.length === 1 && Array.isArray(xs[0]) ? xs[0] : xs).map((x) => num(x, 'min'))),
  max: (...xs) => Math.max(...(xs.length === 1 && Array.isArray(xs[0]) ? xs[0] : xs).map((x) => num(x, 'max'))),
  sum: (l) => list(l, 'sum').reduce<number>((a, x) => a + num(x, 'sum'), 0),
  avg: (l) => {
    const xs = list(l, 'avg');
    return xs.length ? xs.reduce<number>((a, x) => a + num(x, 'avg'), 0) / xs.length : null;
  },
  // lists and objects
  len: (v) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    return Object.keys(obj(v, 'len')).length;
  },
  first: (l) => list(l, 'first')[0] ?? null,
  last: (l) => list(l, 'last').at(-1) ?? null,
  slice: (l, start, end) => list(l, 'slice').slice(num(start, 'slice'), end === undefined ? undefined : num(end, 'slice')),
  join: (l, sep) => list(l, 'join').map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(sep === undefined ? ',' : str(sep, 'join')),
  contains: (hay, needle) => (typeof hay === 'string' ? hay.includes(str(needle, 'contains')) : list(hay, 'contains').some((x) => x === needle)),
  pluck: (l, key) => list(l, 'pluck').map((x) => (x && typeof x === 'object' && Object.hasOwn(x, str(key, 'pluck')) ? (x as Record<string, unknown>)[key as string] : null)),
  unique: (l) => [...new Set(list(l, 'unique'))],
  keys: (o) => Object.keys(obj(o, 'keys')),
  values: (o) => Object.values(obj(o, 'values')),
  // json
  json: (v) => JSON.stringify(v),
  parseJson: (s) => {
    try {
      return JSON.parse(str(s, 'parseJson'));
    } catch {
      throw new TypeError('parseJson() got text that is not valid JSON');
    }
  },
  // null handling
  coalesce: (...xs) => xs.find((x) => x !== null && x !== undefined) ?? null,
  isEmpty: (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0),
  // dates (UTC, ISO 8601 text in and out)
  toDate: (v) => date(v, 'toDate').toISOString(),
  addDays: (d, n) => new Date(date(d, 'addDays').getTime() + num(n, 'addDays') * DAY).toISOString(),
  diffDays: (a, b) => (date(a, 'diffDays').getTime() - date(b, 'diffDays').getTime()) / DAY,
  formatDate: (d, part) => {
    const iso = date(d, 'formatDate').toISOString();
    if (part === undefined || part === 'date') return iso.slice(0, 10);
    if (part === 'time') return iso.slice(11, 19);
    if (part === 'datetime') return iso.slice(0, 19).replace('T', ' ');
    throw new TypeError('formatDate() part must be "date", "time" or "datetime"');
  },
};
