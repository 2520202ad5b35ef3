import 'server-only';
import type { StepType } from './definitions';
import type { StepRunner } from './runtime';
import { transformRunner } from './transform/run';
import { conditionRunner } from './condition/run';
import { switchRunner } from './switch/run';
import { mergeRunner } from './merge/run';
import { respondRunner } from './respond/run';
import { outputRunner } from './output/run';
import { httpRequestRunner } from './http-request/run';
import { codeRunner } from './code/run';
import { triggerRunner } from './trigger-run';
import { humanReviewRunner } from './human-review/run';
import { llmPromptRunner } from './llm-prompt/run';
import { extractRunner } from './extract/run';
import { classifyRunner } from './classify/run';
import { routerRunner } from './router/run';
import { synthesiseRunner } from './synthesise/run';
import { toolCallRunner } from './tool-call/run';
import { guardrailsRunner } from './guardrails/run';

/** Server-side runners for every step type (timers and child runs are the driver's; triggers start runs). */
export const STEP_RUNNERS = {
  'manual-trigger': triggerRunner,
  'webhook-trigger': triggerRunner,
  'schedule-trigger': triggerRunner,
  transform: transformRunner,
  condition: conditionRunner,
  switch: switchRunner,
  merge: mergeRunner,
  respond: respondRunner,
  output: outputRunner,
  'http-request': httpRequestRunner,
  code: codeRunner,
  delay: triggerRunner,
  'call-flow': triggerRunner,
  'human-review': humanReviewRunner,
  'llm-prompt': llmPromptRunner,
  extract: extractRunner,
  classify: classifyRunner,
  router: routerRunner,
  synthesise: synthesiseRunner,
  'tool-call': toolCallRunner,
  guardrails: guardrailsRunner,
} as const satisfies Record<StepType, StepRunner>;
