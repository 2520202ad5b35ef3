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
  if (validate instanceof Error) return [`the schema is invalid: ${validate.message}`];
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${root}${e.instancePath.replaceAll('/', '.')} ${e.message ?? 'is invalid'}`);
}
