import type { AsyncRunner } from '../runtime';
import type { ModelSettings } from '../ai/model-config';
import { asText, modelRequest, streamTo } from '../ai/request';

type Config = ModelSettings & { instructions: string; material: unknown; format: 'text' | 'json'; schema?: Record<string, unknown> };

export const synthesiseRunner: AsyncRunner = {
  kind: 'async',
  run: async (c: Config, _input, ctx) => {
    const json = c.format === 'json' && c.schema;
    const req = modelRequest(
      c,
      [
        { role: 'system', content: c.instructions },
        { role: 'user', content: asText(c.material) },
      ],
      json ? c.schema : undefined,
    );
    const r = await ctx.model.generate(req, { signal: ctx.signal, onDelta: json ? undefined : streamTo(ctx) });
    return { output: json ? r.object : { text: r.text }, usage: r.usage };
  },
};
