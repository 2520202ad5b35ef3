import type { AsyncRunner } from '../runtime';
import type { ModelSettings } from '../ai/model-config';
import { asText, modelRequest, streamTo } from '../ai/request';

type Config = ModelSettings & { system: unknown; prompt: unknown };

export const llmPromptRunner: AsyncRunner = {
  kind: 'async',
  run: async (c: Config, _input, ctx) => {
    const req = modelRequest(c, [
      { role: 'system', content: asText(c.system) },
      { role: 'user', content: asText(c.prompt) },
    ]);
    const r = await ctx.model.generate(req, { signal: ctx.signal, onDelta: streamTo(ctx) });
    return { output: { text: r.text }, usage: r.usage, ...(r.confidence === undefined ? {} : { confidence: r.confidence }) };
  },
};
