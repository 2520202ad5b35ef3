import 'server-only';
import type { ToolKind } from '@/db/schema';
import { NonRetriableError } from '@/lib/steps/errors';
import { builtinToolConfigSchema, codeToolConfigSchema } from './config';
import { httpKind } from './http/run';
import { defineKind, type ToolKindRunner } from './kind';

/** A `builtin` tool names one of the implementations that ship with Baton by its stable key. */
const builtinKind = defineKind({
  configSchema: builtinToolConfigSchema,
  run: async (config, input, ctx) => {
    const tool = ctx.deps.builtins.find((b) => b.key === config.key);
    if (!tool) throw new NonRetriableError(`Built-in tool "${config.key}" does not exist in this version of Baton`);
    return tool.run(input, { signal: ctx.signal, http: ctx.http, idempotencyKey: ctx.idempotencyKey });
  },
});

/** A `code` tool: a JavaScript function body in the QuickJS sandbox, with the code step's limits. */
const codeKind = defineKind({
  configSchema: codeToolConfigSchema,
  run: async (config, input, ctx) => {
    if (!ctx.deps.codeRunner) throw new NonRetriableError('Code tools cannot run here: no sandbox is configured');
    return ctx.deps.codeRunner({ source: config.source, input, signal: ctx.signal });
  },
});

/** Every tool kind, as a typed map: a kind without its runner does not compile. */
export const TOOL_KIND_RUNNERS = {
  http: httpKind,
  code: codeKind,
  builtin: builtinKind,
} as const satisfies Record<ToolKind, ToolKindRunner>;
