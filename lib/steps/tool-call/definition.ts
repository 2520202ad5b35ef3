import { z } from 'zod';
import { defineStep } from '../types';

const schemaObject = z.record(z.string(), z.unknown());

/**
 * Calls a registry tool. The editor fills `toolName` and the tool version's contracts when the
 * step is placed (or the version changes), so that contract checks and completion work across
 * tool steps without the database; the registry checks the version it actually calls again.
 */
export const toolCall = defineStep({
  type: 'tool-call',
  label: 'Tool call',
  category: 'Actions',
  description: 'Calls a tool from the registry with inputs checked against its contract.',
  effect: 'external',
  // The copied contracts are JSON Schemas, not templates.
  literalFields: ['toolName', 'inputSchema', 'outputSchema'],
  configSchema: z.object({
    toolId: z.string({ error: 'Pick the tool to call' }).uuid('Pick the tool to call'),
    /** The version the step was built with, or "latest" to follow every new version. */
    version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest'),
    /** The tool's input, one expression per field of its input contract. */
    input: z.record(z.string(), z.unknown()).default({}),
    toolName: z.string().optional(),
    inputSchema: schemaObject.optional(),
    outputSchema: schemaObject.optional(),
  }),
  fields: {
    toolId: { label: 'Tool' },
    version: { label: 'Version', hint: 'The version this step was built with, or "latest".' },
    input: { label: 'Input', editor: 'map', hint: 'One value or {{ expression }} per field of the tool input.' },
  },
  contract: (c) => (c.outputSchema ? { output: c.outputSchema } : {}),
  // A tool under `needs approval` waits on a reviewer; an edited input must match the tool's input contract (checked again at the call).
  approvalInput: (c) => c.inputSchema,
  ports: () => ['out'],
  join: 'first',
});

export type ToolCallConfig = z.infer<typeof toolCall.configSchema>;
