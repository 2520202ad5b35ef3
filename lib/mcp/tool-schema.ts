import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** A tool as Baton keeps it: schemas always present as JSON Schema objects. */
export type McpToolInfo = {
  name: string;
  title: string | null;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
};

/**
 * Normalises a listed tool. A tool without parameters (no schema, or one with no `properties`)
 * gets `{type:'object', properties:{}}`, so it is listed and callable like any other (peers drop
 * such tools, or send `undefined` arguments that strict servers refuse).
 */
export function normaliseTool(tool: Tool): McpToolInfo {
  const input = (tool.inputSchema ?? {}) as Record<string, unknown>;
  const inputSchema = { ...input, type: 'object', properties: (input.properties as Record<string, unknown> | undefined) ?? {} };
  const output = tool.outputSchema as Record<string, unknown> | undefined;
  return {
    name: tool.name,
    title: tool.title ?? (tool.annotations?.title as string | undefined) ?? null,
    description: tool.description ?? '',
    inputSchema,
    outputSchema: output ? { ...output, type: 'object' } : null,
  };
}
