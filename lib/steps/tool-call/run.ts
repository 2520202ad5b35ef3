import 'server-only';
import type { AsyncRunner } from '../runtime';
import type { ToolCallConfig } from './definition';

/** Calls the tool through the run's ToolsPort (which checks contracts and governance and records the version it called). */
export const toolCallRunner: AsyncRunner = {
  kind: 'async',
  run: async (config: ToolCallConfig, _input, ctx) => {
    const ref = { toolId: config.toolId, ...(config.version === 'latest' ? {} : { version: config.version }) };
    // A field whose expression found nothing is left out, so an optional field stays optional
    // and a required one fails the tool's contract as missing (not as "must be string").
    const resolved = Object.fromEntries(Object.entries(config.input).filter(([, v]) => v !== null && v !== undefined));
    // Under `needs approval`, the registry asks with `resolved`; once approved, the call runs with the reviewer's input.
    const input = ctx.approved ? ctx.approved.input : resolved;
    const res = await ctx.tools.call(ref, input, { signal: ctx.signal, idempotencyKey: ctx.idempotencyKey, ...(ctx.approved ? { approved: true } : {}) });
    return { output: res.output, ...(res.usage ? { usage: res.usage } : {}) };
  },
};
