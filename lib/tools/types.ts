import type { HttpPort } from '@/lib/steps/runtime';

/** JSON Schema as stored and shown; ajv compiles it where contracts are checked. */
export type JsonSchema = Record<string, unknown>;

/**
 * What a tool implementation gets besides its input: cancellation, the guarded outbound port and,
 * when a step calls it, the step's idempotency key (`runId:stepId[:iterationPath]`, the same for
 * every attempt) so a tool with an effect outside can let the service drop a repeat.
 */
export type ToolRunContext = { signal: AbortSignal; http: HttpPort; idempotencyKey?: string };

/**
 * A tool that ships with Baton and needs no outside account (date and time, hashing, parsing…).
 * The registry lists each as a `builtin` tool whose contracts are these schemas; `run` receives
 * input already checked against `inputSchema` and its result is checked against `outputSchema`.
 */
export type BuiltinTool = {
  /** Stable id stored in tool configs, e.g. `datetime.format`. Never renamed once shipped. */
  key: string;
  name: string;
  /** What a person, and later a model, reads to choose it. */
  description: string;
  category: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  run: (input: unknown, ctx: ToolRunContext) => Promise<unknown>;
};

/** A `code` tool: a JavaScript function body run in the QuickJS sandbox with the code step's limits. */
export type CodeToolRunner = (args: { source: string; input: unknown; signal: AbortSignal }) => Promise<unknown>;
