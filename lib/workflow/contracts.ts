/**
 * Step contracts: JSON Schemas a step declares for the input it accepts and the output it gives
 * (from its type, e.g. a webhook's body schema, or set on the step). This module is isomorphic
 * and static: it finds connections whose two sides cannot match, before anything runs. The
 * driver checks actual values against the same schemas at run time (lib/runs/contract-check.ts).
 */
export type JsonSchema = Record<string, unknown>;
export type Contract = { input?: JsonSchema; output?: JsonSchema };

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** The declared types of a schema, or null when it accepts any type. */
function typesOf(s: JsonSchema): Set<string> | null {
  const t = s.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return null;
}

const accepts = (expected: Set<string>, given: string) => expected.has(given) || (given === 'integer' && expected.has('number'));

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const where = (path: string) => (path ? `"${path}"` : 'the value');

/**
 * Reasons why a value described by `given` may fail `expected` (empty when they fit). Checks
 * types, required properties and, recursively, property and item schemas; keywords it does not
 * understand are left to the run-time check rather than guessed at.
 */
export function contractGaps(given: JsonSchema, expected: JsonSchema, path = ''): string[] {
  const gaps: string[] = [];
  const want = typesOf(expected);
  const have = typesOf(given);
  if (want && have) {
    const bad = [...have].filter((t) => !accepts(want, t));
    if (bad.length) return [`${where(path)} is ${[...have].join(' or ')}, but ${[...want].join(' or ')} is expected`];
  }
  const objectish = (!want || want.has('object')) && (!have || have.has('object'));
  if (objectish) {
    const gp = isSchema(given.properties) ? given.properties : {};
    const ep = isSchema(expected.properties) ? expected.properties : {};
    const givenRequired = new Set(Array.isArray(given.required) ? given.required : []);
    for (const key of Array.isArray(expected.required) ? expected.required : []) {
      if (typeof key !== 'string') continue;
      const sub = path ? `${path}.${key}` : key;
      if (!givenRequired.has(key) && !(isSchema(gp[key]) && 'default' in gp[key])) gaps.push(`${where(sub)} is required here, but the previous step does not always give it`);
    }
    for (const [key, sub] of Object.entries(ep)) {
      if (isSchema(sub) && isSchema(gp[key])) gaps.push(...contractGaps(gp[key], sub, path ? `${path}.${key}` : key));
    }
  }
  if (isSchema(given.items) && isSchema(expected.items)) gaps.push(...contractGaps(given.items, expected.items, `${path}[]`));
  return gaps;
}

/** Structural problems with a schema a user wrote (the run-time check compiles it fully). */
export function schemaShapeProblems(s: unknown): string[] {
  if (!isSchema(s)) return ['must be a JSON Schema object'];
  const out: string[] = [];
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  for (const t of types) if (typeof t !== 'string' || !JSON_TYPES.has(t)) out.push(`"${String(t)}" is not a JSON Schema type (use ${[...JSON_TYPES].join(', ')})`);
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))) out.push('"required" must be a list of property names');
  if (s.properties !== undefined) {
    if (!isSchema(s.properties)) out.push('"properties" must be an object of schemas');
    else for (const [k, v] of Object.entries(s.properties)) out.push(...schemaShapeProblems(v).map((m) => `property "${k}": ${m}`));
  }
  if (s.items !== undefined) out.push(...schemaShapeProblems(s.items).map((m) => `items: ${m}`));
  return out;
}
