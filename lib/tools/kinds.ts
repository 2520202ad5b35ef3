import 'server-only';
import type { ToolKind } from '@/db/schema';
import { NonRetriableError } from '@/lib/steps/errors';
import { mcpToolOutput } from '@/lib/mcp/as-tool';
import { builtinToolConfigSchema, codeToolConfigSchema, mcpToolConfigSchema } from './config';
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

/**
 * An `mcp` tool calls the exposed tool through this process's pool (which refuses a tool an admin
 * hid, and maps the server's failures onto the engine's kinds). Input was checked against the
 * contract, which is an object schema, so it is the call's arguments as is.
 */
const mcpKind = defineKind({
  configSchema: mcpToolConfigSchema,
  run: async (config, input, ctx) => {
    if (!ctx.deps.mcp) throw new NonRetriableError('MCP tools cannot run here: no MCP client is configured');
    const result = await ctx.deps.mcp.callTool(config.serverId, config.tool, (input ?? {}) as Record<string, unknown>, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    return mcpToolOutput(result, config.structured);
  },
});

/** Every tool kind, as a typed map: a kind without its runner does not compile. */
export const TOOL_KIND_RUNNERS = {
  http: httpKind,
  code: codeKind,
  builtin: builtinKind,
  mcp: mcpKind,
} as const satisfies Record<ToolKind, ToolKindRunner>;
