import 'server-only';
import { Ajv, type ValidateFunction } from 'ajv';
import { NonRetriableError } from '@/lib/steps/errors';
import type { BuiltinTool, JsonSchema, ToolRunContext } from '../types';

// useDefaults fills the schema's defaults, so each tool's `run` sees the same values a generated
// form shows; coercion is off so a wrong type is reported, never guessed.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });

/** Bad input or input beyond a limit: retrying the same call cannot help. */
export class ToolInputError extends NonRetriableError {}

type Spec<I> = Omit<BuiltinTool, 'run'> & { run: (input: I, ctx: ToolRunContext) => Promise<unknown> | unknown };

/**
 * A built-in tool whose `run` checks its input against its own input schema (defaults filled)
 * before the typed body runs. The registry checks too; checking here keeps each tool safe when
 * called directly (the test console, an agent) and makes the schema the one source of defaults.
 */
export function defineBuiltin<I>(spec: Spec<I>): BuiltinTool {
  let validate: ValidateFunction | undefined;
  return {
    ...spec,
    run: async (input, ctx) => {
      validate ??= ajv.compile(spec.inputSchema);
      const copy = input === undefined ? {} : structuredClone(input);
      if (!validate(copy)) throw new ToolInputError(`${spec.name}: ${inputProblems(validate)}`);
      return spec.run(copy as I, ctx);
    },
  };
}

function inputProblems(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty) : '';
      const path = [e.instancePath.split('/').slice(1).join('.'), missing].filter(Boolean).join('.') || 'input';
      if (missing) return `${path} is required`;
      if (e.keyword === 'enum') return `${path} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      if (e.keyword === 'additionalProperties') return `${path} has an unknown field "${(e.params as { additionalProperty?: string }).additionalProperty}"`;
      return `${path} ${e.message}`;
    })
    .join('; ');
}

/** Refuses text past `max` characters, naming the field and the limit. */
export function capText(field: string, text: string, max: number): string {
  if (text.length > max) throw new ToolInputError(`${field} is ${text.length.toLocaleString('en-US')} characters; the limit is ${max.toLocaleString('en-US')}`);
  return text;
}

/** Shorthand for an object schema whose properties are all listed (unknown fields refused). */
export const object = (properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});

/** Largest text a parsing tool reads (CSV, XML, JSON, HTML, regex subject): 1 MB of characters. */
export const MAX_TEXT = 1_000_000;
