import type { JsonSchema } from '@/lib/tools/types';
import type { McpCallResult } from './connect';
import type { McpToolInfo } from './tool-schema';

/**
 * The seam for the tool registry: an exposed MCP tool becomes a registry tool of kind `mcp` whose
 * config is `McpToolConfig`, whose contracts come from `mcpToolContracts`, and whose run is
 * `pool.callTool(serverId, tool, input, {signal, timeoutMs})` mapped by `mcpToolOutput`.
 */
export type McpToolConfig = { serverId: string; tool: string };

/** What a call returns when the tool declares no output schema: its text, and the raw content parts. */
export const DEFAULT_MCP_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { text: { type: 'string' }, content: { type: 'array', items: { type: 'object' } } },
  required: ['text', 'content'],
};

/** Input and output contracts of an MCP tool as the registry stores them. */
export function mcpToolContracts(tool: Pick<McpToolInfo, 'inputSchema' | 'outputSchema'>): { inputSchema: JsonSchema; outputSchema: JsonSchema } {
  return { inputSchema: tool.inputSchema, outputSchema: tool.outputSchema ?? DEFAULT_MCP_OUTPUT_SCHEMA };
}

/**
 * A call's result as the tool's output: the structured content when the tool declares an output
 * schema (MCP requires it then), else `{ text, content }`, matching the contracts above.
 */
export function mcpToolOutput(result: McpCallResult, declaresOutput: boolean): unknown {
  if (declaresOutput && result.structuredContent) return result.structuredContent;
  return { text: result.text, content: result.content };
}
