import type { AsyncRunner } from '../runtime';
import type { ModelSettings } from '../ai/model-config';
import { asText, modelRequest } from '../ai/request';
import { judgedAnswer } from '../ai/confidence';
import { totalUsage } from '../ai/usage';

type Config = ModelSettings & {
  instructions: string;
  text: unknown;
  schema: Record<string, unknown>;
  confidence: 'model' | 'logprobs' | 'samples';
  samples: number;
};

export const extractRunner: AsyncRunner = {
  kind: 'async',
  run: async (c: Config, _input, ctx) => {
    const req = modelRequest(
      c,
      [
        { role: 'system', content: c.instructions },
        { role: 'user', content: asText(c.text) },
      ],
      c.schema,
    );
    const j = await judgedAnswer(ctx, { ...req, schema: c.schema }, c.confidence, c.samples);
    return { output: j.value, usage: totalUsage(j.results), ...(j.confidence === undefined ? {} : { confidence: j.confidence }) };
  },
};
