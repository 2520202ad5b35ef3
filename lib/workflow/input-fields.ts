import type { JsonSchema } from './contracts';

/**
 * The run-input form, derived from a trigger's JSON Schema: one field per top-level property
 * (text, number, yes/no, a choice from `enum`, or JSON for lists and objects). Isomorphic: the
 * editor renders it; the same rules turn the form's text back into a value.
 */
export type InputField = { name: string; label: string; kind: 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json'; required: boolean; help?: string; options?: string[]; defaultValue?: unknown };

const isObj = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Null when the schema does not describe an object with properties (the form falls back to JSON). */
export function inputFields(schema: JsonSchema | undefined): InputField[] | null {
  if (!schema || !isObj(schema.properties) || (schema.type !== undefined && schema.type !== 'object')) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, raw]) => {
    const p = isObj(raw) ? raw : {};
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
    const kind: InputField['kind'] = Array.isArray(p.enum) && p.enum.every((e) => typeof e === 'string') ? 'choice'
      : type === 'string' ? 'text' : type === 'number' ? 'number' : type === 'integer' ? 'integer' : type === 'boolean' ? 'boolean' : 'json';
    return {
      name,
      label: typeof p.title === 'string' ? p.title : name,
      kind,
      required: required.has(name),
      help: typeof p.description === 'string' ? p.description : undefined,
      options: kind === 'choice' ? (p.enum as string[]) : undefined,
      defaultValue: p.default,
    };
  });
}

/** Form text → a value, or the reason it is not one. Empty optional fields are left out. */
export function readField(f: InputField, text: string): { value?: unknown; error?: string } {
  const t = text.trim();
  if (f.kind === 'boolean') return { value: text === 'true' };
  if (t === '') return f.required ? { error: `Enter ${f.label}` } : {};
  if (f.kind === 'number' || f.kind === 'integer') {
    const n = Number(t);
    if (!Number.isFinite(n)) return { error: `${f.label} must be a number` };
    if (f.kind === 'integer' && !Number.isInteger(n)) return { error: `${f.label} must be a whole number` };
    return { value: n };
  }
  if (f.kind === 'json') {
    try {
      return { value: JSON.parse(t) };
    } catch (e) {
      return { error: `${f.label} is not valid JSON: ${(e as Error).message}` };
    }
  }
  return { value: text };
}

/** A value → the form's text for a field. */
export function fieldText(f: InputField, v: unknown): string {
  if (v === undefined || v === null) return f.kind === 'boolean' ? 'false' : '';
  if (f.kind === 'json') return JSON.stringify(v, null, 2);
  return String(v);
}
