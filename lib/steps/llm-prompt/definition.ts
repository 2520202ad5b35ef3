import { z } from 'zod';
import { defineStep } from '../types';
import { modelConfig, modelFieldMeta } from '../ai/model-config';

export const llmPrompt = defineStep({
  type: 'llm-prompt',
  label: 'LLM prompt',
  category: 'AI',
  description: 'Sends a prompt to a model and outputs its text, streamed live into the run view while it arrives.',
  effect: 'external',
  configSchema: z.object({
    system: z.string().max(100_000).default(''),
    prompt: z.string({ error: 'Write the prompt' }).min(1, 'Write the prompt').max(200_000),
    ...modelConfig,
    temperature: modelConfig.temperature.default(0.7),
  }),
  fields: {
    system: {
      label: 'System prompt',
      hint: 'How the model should behave. Templates read the run: {{ input }}, {{ steps.<id>.output }}.',
      example: 'You answer support questions briefly and politely.',
    },
    prompt: { label: 'Prompt', example: 'Summarise this ticket in two sentences: {{ input.body }}' },
    ...modelFieldMeta,
  },
  contract: () => ({ output: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }),
  ports: () => ['out'],
  join: 'first',
});
