import { z } from 'zod';
import { defineStep } from '../types';

export const MAX_FLOW_DEPTH = 5;

export const callFlow = defineStep({
  type: 'call-flow',
  label: 'Call a flow',
  category: 'Flow',
  description: 'Runs another flow (its active published version, or a fixed version) as linked child runs: once with this input; once per item of a list with a concurrency limit; or in a bounded loop, each run getting the previous output, until a condition holds.',
  effect: 'child',
  configSchema: z.object({
    flowId: z.string({ error: 'Pick the flow to call' }).uuid('Pick the flow to call'),
    /** A published version number to pin; empty = the active version when the call starts. */
    version: z.number().int().min(1).optional(),
    mode: z.enum(['once', 'each', 'loop']).default('once'),
    /** mode "each": the list to map over (each item becomes a child run's input). */
    items: z.unknown().default('{{ input }}'),
    /** mode "once": the child's input. */
    input: z.unknown().default('{{ input }}'),
    concurrency: z.number().int().min(1).max(50).default(4),
    /** mode "loop": stop when this holds for the last output (`item`); e.g. {{ item.done }}. */
    until: z.unknown().default(false),
    /** mode "loop": the bound; reaching it without `until` holding fails the step. */
    maxIterations: z.number().int().min(1).max(1000).default(10),
  }),
  fields: { flowId: { label: 'Flow to call' }, version: { label: 'Version (empty: the active one)' }, maxIterations: { label: 'Most iterations' } },
  ports: () => ['out'],
  join: 'first',
});
