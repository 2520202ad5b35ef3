import { manualTrigger } from './manual-trigger/definition';
import { webhookTrigger } from './webhook-trigger/definition';
import { scheduleTrigger } from './schedule-trigger/definition';
import { transform } from './transform/definition';
import { condition } from './condition/definition';
import { switchStep } from './switch/definition';
import { merge } from './merge/definition';
import { respond } from './respond/definition';
import { output } from './output/definition';
import { httpRequest } from './http-request/definition';
import { code } from './code/definition';
import { delay } from './delay/definition';
import { callFlow } from './call-flow/definition';
import { humanReview } from './human-review/definition';
import { llmPrompt } from './llm-prompt/definition';
import { extract } from './extract/definition';
import { classify } from './classify/definition';
import { router } from './router/definition';
import { synthesise } from './synthesise/definition';
import { toolCall } from './tool-call/definition';
import { guardrails } from './guardrails/definition';
import type { StepDefinition } from './types';

/** Every step type, as a typed map: adding a type without its definition does not compile. */
export const STEP_DEFINITIONS = {
  'manual-trigger': manualTrigger,
  'webhook-trigger': webhookTrigger,
  'schedule-trigger': scheduleTrigger,
  transform,
  condition,
  switch: switchStep,
  merge,
  respond,
  output,
  'http-request': httpRequest,
  code,
  delay,
  'call-flow': callFlow,
  'human-review': humanReview,
  'llm-prompt': llmPrompt,
  extract,
  classify,
  router,
  synthesise,
  'tool-call': toolCall,
  guardrails,
} as const satisfies Record<string, StepDefinition>;

export type StepType = keyof typeof STEP_DEFINITIONS;

export function getDefinition(type: string): StepDefinition | undefined {
  return Object.hasOwn(STEP_DEFINITIONS, type) ? (STEP_DEFINITIONS as Record<string, StepDefinition>)[type] : undefined;
}
