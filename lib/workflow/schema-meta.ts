import { Ajv } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * Whether a schema someone typed is a JSON Schema the run-time check can use: valid against the
 * meta-schema and compilable (no unresolvable $ref). The reason to show, or null.
 */
export function schemaMetaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'A schema is a JSON object, e.g. {"type": "object", "properties": {...}}';
  if (!ajv.validateSchema(schema)) return `Not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}`;
  try {
    ajv.compile(schema);
    return null;
  } catch (e) {
    return `This schema cannot be used: ${(e as Error).message}`;
  }
}
