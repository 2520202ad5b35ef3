import { Ajv } from 'ajv';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { parseAllowList } from '@/lib/net/allow-list';
import type { ToolRunContext } from '../types';
import { builtinTool } from './index';

/** A tool context whose `http` port is lib/net's guard with `allow` as BATON_ALLOWED_HOSTS entries. */
export function toolContext(allow: readonly string[] = [], signal = new AbortController().signal): ToolRunContext {
  const allowList = parseAllowList(allow.join(','));
  return { signal, http: (url, init, opts) => guardedFetch(url, init, { ...opts, allow: allowList, signal }) };
}

/** Runs the built-in tool with this key (failing the test if there is none). */
export function runTool(key: string, input: unknown, ctx: ToolRunContext = toolContext()): Promise<unknown> {
  const tool = builtinTool(key);
  if (!tool) throw new Error(`no built-in tool ${key}`);
  return tool.run(input, ctx);
}

// Strict, as the registry's checks may be: an unknown keyword in our schemas is a mistake.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** The reasons `output` breaks the tool's declared outputSchema (empty when it fits). */
export function outputProblems(key: string, output: unknown): string[] {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(builtinTool(key)!.outputSchema);
    validators.set(key, validate);
  }
  return validate(output) ? [] : ajv.errorsText(validate.errors).split(', ');
}
