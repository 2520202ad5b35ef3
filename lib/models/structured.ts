import 'server-only';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ModelMessage } from '@/lib/steps/runtime';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction | Error>();

export type Checked = { ok: true; value: unknown } | { ok: false; problems: string[] };

/**
 * Reads a model's answer as JSON and checks it against the schema. Tolerates a Markdown code
 * fence around the JSON (models add one despite being told not to); anything else is a problem
 * the model is shown when it is asked to repair its answer.
 */
export function checkStructured(text: string, schema: Record<string, unknown>): Checked {
  const json = text.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, '$1');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { ok: false, problems: [`the answer is not valid JSON (${(err as Error).message})`] };
  }
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (err) {
      validate = err instanceof Error ? err : new Error(String(err));
    }
    compiled.set(schema, validate);
  }
  if (validate instanceof Error) return { ok: false, problems: [`the output schema itself is invalid (${validate.message})`] };
  if (validate(value)) return { ok: true, value };
  const problems = (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`);
  return { ok: false, problems };
}

/** The system instruction that goes with a schema, for providers that do not enforce it natively. */
export function schemaInstruction(schema: Record<string, unknown>): string {
  return `Answer with only a JSON value (no prose, no code fence) that matches this JSON Schema:\n${JSON.stringify(schema)}`;
}

/** The conversation for the one repair attempt: the model sees its answer and what is wrong with it. */
export function repairMessages(messages: ModelMessage[], answer: string, problems: string[]): ModelMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: answer },
    { role: 'user', content: `That answer does not match the required JSON Schema:\n${problems.map((p) => `- ${p}`).join('\n')}\nReply again with only the corrected JSON.` },
  ];
}
