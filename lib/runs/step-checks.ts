import 'server-only';
import type { StepError } from '@/lib/engine/types';
import type { PreparedStep } from '@/lib/workflow/prepare';
import { toStepError, ContractError, OutputTooLargeError } from '@/lib/steps/errors';
import { schemaProblems } from './schema-check';

/** A step's input against its declared contract: the error that fails the step, or null. */
export function inputProblem(p: PreparedStep, input: unknown): StepError | null {
  const gaps = schemaProblems(p.contract.input, input, 'input');
  return gaps.length ? toStepError(new ContractError(`The input does not match this step's contract: ${gaps.join('; ')}`)) : null;
}

/**
 * A step's output against, for effectful steps (whose outputs come from outside), the size limit,
 * then its contract: the error that fails the step, or null. Size first, so that a ContractError's
 * output (which the escalation proposes to a reviewer) is never an oversized one.
 */
export function outputProblem(p: PreparedStep | undefined, output: unknown, maxOutputBytes: number): StepError | null {
  if (p?.def.effect === 'external') {
    const size = Buffer.byteLength(JSON.stringify(output ?? null));
    if (size > maxOutputBytes) return toStepError(new OutputTooLargeError(`Output is ${size} bytes, over the limit of ${maxOutputBytes}`));
  }
  const gaps = schemaProblems(p?.contract.output, output ?? null, 'output');
  return gaps.length ? toStepError(new ContractError(`The output does not match this step's contract: ${gaps.join('; ')}`)) : null;
}
