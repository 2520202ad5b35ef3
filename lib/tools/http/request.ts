import { ContractError } from '@/lib/steps/errors';
import { PLACEHOLDER, type HttpToolConfig } from '../config';

/** A request ready for the wire: the URL's origin is the tool's, whatever the input held. */
export type BuiltRequest = { method: string; url: URL; headers: Record<string, string>; body?: string };

/** An input value that cannot go where the template puts it: the input side's contract failed. */
const inputProblem = (field: string, reason: string) =>
  Object.assign(new ContractError(`Tool input ${field}: ${reason}`), { details: { side: 'input', problems: [{ path: field, message: reason }] } });

function valueAt(input: unknown, dotted: string): unknown {
  let v: unknown = input;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** Fills `{field}` placeholders with `encode(text of the value)`; a missing value is an input problem naming where it was needed. */
function fill(template: string, input: unknown, where: string, encode: (s: string, field: string) => string): string {
  return template.replaceAll(PLACEHOLDER, (_m, field: string) => {
    const v = valueAt(input, field);
    if (v === undefined || v === null) throw inputProblem(`input.${field}`, `is needed for ${where}`);
    return encode(asText(v), field);
  });
}

/**
 * Each placeholder becomes one encoded path segment part (`/`, `?`, `#`, `@`, `:` and `%` are
 * percent-encoded), and a segment that comes out as `.` or `..` is refused: the URL parser would
 * otherwise climb out of the tool's path.
 */
function buildPath(template: string, input: unknown): string {
  return template
    .split('/')
    .map((seg) => {
      const out = fill(seg, input, 'the path', (s) => encodeURIComponent(s));
      if (out !== seg && /^(\.|%2e){1,2}$/i.test(out)) throw inputProblem('input', `fills a path segment with "${decodeURIComponent(out)}"`);
      return out;
    })
    .join('/');
}

function fillHeader(name: string, template: string, input: unknown): string {
  return fill(template, input, `header ${name}`, (s, field) => {
    if (/[\r\n\0]/.test(s)) throw inputProblem(`input.${field}`, `has a line break or NUL, which header ${name} cannot carry`);
    return s;
  });
}

/** A JSON template: a string that is exactly "{field}" takes the value itself (any type); other strings are filled as text. */
function fillJson(t: unknown, input: unknown): unknown {
  if (typeof t === 'string') {
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}$/.exec(t);
    if (whole) return valueAt(input, whole[1]!) ?? null;
    return fill(t, input, 'the body', (s) => s);
  }
  if (Array.isArray(t)) return t.map((x) => fillJson(x, input));
  if (t && typeof t === 'object') return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, fillJson(v, input)]));
  return t;
}

/** An optional query value or header whose whole template is one absent field is left out, not sent empty. */
function absentField(template: string, input: unknown): boolean {
  const only = /^\{([^{}]+)\}$/.exec(template);
  return !!only && valueAt(input, only[1]!) == null;
}

/**
 * Builds an HTTP tool's request from its registered config and a (contract-checked) input.
 * Inputs fill only encoded path segments, query values, the values of headers marked
 * input-driven, and the body; the origin is the registered one and is checked again on the
 * built URL, so no input can send the call, or its credential, to another host.
 */
export function buildHttpRequest(config: HttpToolConfig, input: unknown, idempotencyKey: string): BuiltRequest {
  const url = new URL(config.origin + buildPath(config.path, input));
  if (url.origin !== config.origin) throw new ContractError(`The request would leave ${config.origin}; refused`);
  for (const q of config.query) {
    if (absentField(q.value, input)) continue;
    url.searchParams.append(q.name, fill(q.value, input, `query parameter ${q.name}`, (s) => s));
  }
  const headers: Record<string, string> = { 'user-agent': 'Baton', 'idempotency-key': idempotencyKey, accept: 'application/json, text/plain;q=0.9, */*;q=0.5' };
  for (const h of config.headers) {
    if (h.fromInput && absentField(h.value, input)) continue;
    headers[h.name.toLowerCase()] = h.fromInput ? fillHeader(h.name, h.value, input) : h.value;
  }
  let body: string | undefined;
  if (config.body.mode !== 'none' && config.method !== 'GET') {
    body = JSON.stringify(config.body.mode === 'input' ? input : fillJson(config.body.template, input));
    headers['content-type'] ??= 'application/json';
  }
  return { method: config.method, url, headers, body };
}
