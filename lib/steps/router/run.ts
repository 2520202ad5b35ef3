import type { AsyncRunner } from '../runtime';
import type { ModelSettings } from '../ai/model-config';
import { asText, modelRequest } from '../ai/request';
import { judgedAnswer } from '../ai/confidence';
import { totalUsage } from '../ai/usage';

type Config = ModelSettings & {
  context: unknown;
  branches: { port: string; description: string }[];
  threshold: number;
  rules: { port: string; when: unknown }[];
  fallback: string;
  confidence: 'model' | 'logprobs' | 'samples';
  samples: number;
};

/** The rules' choice: the first rule whose condition resolved true, else the fallback branch. */
export const byRules = (c: Pick<Config, 'rules' | 'fallback'>): string => c.rules.find((r) => r.when === true || r.when === 'true')?.port ?? c.fallback;

export const routerRunner: AsyncRunner = {
  kind: 'async',
  run: async (c: Config, _input, ctx) => {
    const schema = {
      type: 'object',
      properties: { port: { type: 'string', enum: c.branches.map((b) => b.port) } },
      required: ['port'],
      additionalProperties: false,
    };
    const req = modelRequest(c, [
      {
        role: 'system',
        content: `Choose the one branch that fits the input best.\n\nBranches:\n${c.branches.map((b) => `- ${b.port}: ${b.description}`).join('\n')}`,
      },
      { role: 'user', content: asText(c.context) },
    ]);
    try {
      const j = await judgedAnswer(ctx, { ...req, schema }, c.confidence, c.samples);
      const port = (j.value as { port: string }).port;
      const usage = totalUsage(j.results);
      if (j.confidence !== undefined && j.confidence < c.threshold) {
        const ruled = byRules(c);
        return {
          output: {
            port: ruled,
            by: 'rules',
            confidence: j.confidence,
            reason: `The model chose "${port}" with confidence ${j.confidence.toFixed(2)}, below ${c.threshold}`,
          },
          port: ruled,
          usage,
        };
      }
      return {
        output: { port, by: 'model', confidence: j.confidence ?? null },
        port,
        usage,
        ...(j.confidence === undefined ? {} : { confidence: j.confidence }),
      };
    } catch (err) {
      // A cancelled run stops here; any other failure of the call is what the rules are for.
      if (ctx.signal.aborted) throw err;
      const ruled = byRules(c);
      return {
        output: { port: ruled, by: 'rules', confidence: null, reason: `The model call failed: ${err instanceof Error ? err.message : String(err)}` },
        port: ruled,
      };
    }
  },
};
