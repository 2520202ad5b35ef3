import { z } from 'zod';
import { defineStep } from '../types';

export const manualTrigger = defineStep({
  type: 'manual-trigger',
  label: 'Manual trigger',
  category: 'Triggers',
  description: 'Starts the flow from the editor or the API with an input you provide.',
  effect: 'trigger',
  configSchema: z.object({ inputSchema: z.record(z.string(), z.unknown()).optional() }),
  fields: { inputSchema: { label: 'Input schema (JSON Schema)' } },
  contract: (c) => ({ output: c.inputSchema }),
  ports: () => ['out'],
  join: 'none',
});
