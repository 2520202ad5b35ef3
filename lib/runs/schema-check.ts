import 'server-only';
import { Ajv, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction | Error>();

/**
 * Checks a value against a JSON Schema, compiled once per schema object (prepared flows are
 * cached per version, so their schemas are too). Returns readable reasons; empty when it fits.
 * A schema that does not compile is itself the reason.
 */
export function schemaProblems(schema: Record<string, unknown> | undefined, value: unknown, root: string): string[] {
  return schemaErrors(schema, value).map((e) => `${root}${e.path ? `.${e.path}` : ''} ${e.message}`);
}

/** The same, located: `path` is dotted ('' for the value itself), for form field errors. */
export function schemaErrors(schema: Record<string, unknown> | undefined, value: unknown): { path: string; message: string }[] {
  if (!schema) return [];
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (err) {
      validate = err instanceof Error ? err : new Error(String(err));
    }
    compiled.set(schema, validate);
  }
  if (validate instanceof Error) return [{ path: '', message: `cannot be checked: the schema is invalid (${validate.message})` }];
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => {
    // A missing property is the property's own error, so a form shows it under that field.
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty ?? '') : '';
    const path = [e.instancePath.split('/').slice(1).join('.'), missing].filter(Boolean).join('.');
    return { path, message: missing ? 'is required' : (e.message ?? 'is invalid') };
  });
}
