import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { DEFAULT_MCP_OUTPUT_SCHEMA, mcpToolContracts, mcpToolOutput } from './as-tool';

describe('MCP tools as registry tools', () => {
  it('gives a tool without an output schema the {text, content} contract, and its output fits it', () => {
    const c = mcpToolContracts({ inputSchema: { type: 'object', properties: {} }, outputSchema: null });
    expect(c.outputSchema).toBe(DEFAULT_MCP_OUTPUT_SCHEMA);
    const out = mcpToolOutput({ text: 'Echo: hi', content: [{ type: 'text', text: 'Echo: hi' }] }, false);
    expect(new Ajv().validate(c.outputSchema, out)).toBe(true);
  });
  it('returns structured content for a tool that declares an output schema', () => {
    const out = mcpToolOutput({ text: '{"sum":3}', content: [{ type: 'text', text: '{"sum":3}' }], structuredContent: { sum: 3 } }, true);
    expect(out).toEqual({ sum: 3 });
  });
});
