import { z } from 'zod';
import { defineStep } from '../types';

export const MAX_FLOW_DEPTH = 5;

export const callFlow = defineStep({
  type: 'call-flow',
  label: 'Call a flow',
  category: 'Flow',
  description: 'Runs another flow (its active published version, or a fixed version) as a linked child run: once with this input, or once per item of a list with a concurrency limit.',
  effect: 'child',
  configSchema: z.object({
    flowId: z.string({ error: 'Pick the flow to call' }).uuid('Pick the flow to call'),
    /** A published version number to pin; empty = the active version when the call starts. */
    version: z.number().int().min(1).optional(),
    mode: z.enum(['once', 'each']).default('once'),
    /** mode "each": the list to map over (each item becomes a child run's input). */
    items: z.unknown().default('{{ input }}'),
    /** mode "once": the child's input. */
    input: z.unknown().default('{{ input }}'),
    concurrency: z.number().int().min(1).max(50).default(4),
  }),
  ports: () => ['out'],
  join: 'first',
});
