import type { z } from 'zod';
import type { AsyncRunner } from '../runtime';
import type { ModelSettings } from '../ai/model-config';
import { asText, modelRequest } from '../ai/request';
import { judgedAnswer } from '../ai/confidence';
import { totalUsage } from '../ai/usage';
import type { labelSchema } from './definition';

type Label = z.infer<typeof labelSchema>;
type Config = ModelSettings & { text: unknown; instructions: string; labels: Label[]; confidence: 'model' | 'logprobs' | 'samples'; samples: number };

/** The labels as the model reads them: name, meaning, and examples. */
export function describeLabels(labels: Label[]): string {
  return labels
    .map((l) => [`- ${l.name}${l.description ? `: ${l.description}` : ''}`, ...l.examples.map((e) => `  example: ${JSON.stringify(e)}`)].join('\n'))
    .join('\n');
}

export const classifyRunner: AsyncRunner = {
  kind: 'async',
  run: async (c: Config, _input, ctx) => {
    const schema = {
      type: 'object',
      properties: { label: { type: 'string', enum: c.labels.map((l) => l.name) } },
      required: ['label'],
      additionalProperties: false,
    };
    const req = modelRequest(c, [
      { role: 'system', content: `${c.instructions}\n\nLabels:\n${describeLabels(c.labels)}` },
      { role: 'user', content: asText(c.text) },
    ]);
    const j = await judgedAnswer(ctx, { ...req, schema }, c.confidence, c.samples);
    const label = (j.value as { label: string }).label;
    return {
      output: { label, confidence: j.confidence ?? null },
      port: label,
      usage: totalUsage(j.results),
      ...(j.confidence === undefined ? {} : { confidence: j.confidence }),
    };
  },
};
