import type { StepError } from '@/lib/engine/types';

/** Failure kinds are classes; the kernel reads `kind` to decide retry, reroute or fail. */
export class StepFailure extends Error {
  kind = 'Error';
  details?: unknown;
}
export class NonRetriableError extends StepFailure {
  kind = 'NonRetriableError';
}
export class RetryAfterError extends StepFailure {
  kind = 'RetryAfterError';
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
  }
}
export class StepTimeoutError extends StepFailure {
  kind = 'StepTimeoutError';
}
export class ContractError extends StepFailure {
  kind = 'ContractError';
}
export class OutputTooLargeError extends StepFailure {
  kind = 'OutputTooLargeError';
}
export class SsrfBlockedError extends StepFailure {
  kind = 'SsrfBlocked';
}
/** A model call that does not fit what remains of a run's or the day's cost cap: never sent. */
export class BudgetExceededError extends StepFailure {
  kind = 'BudgetExceeded';
}

/**
 * The call needs a person's approval before it runs (a tool under `needs approval`): the kernel
 * turns this into a `tool-approval` review task whose proposal is `details.input`, the exact input.
 */
export class ApprovalRequiredError extends StepFailure {
  kind = 'ApprovalRequired';
  constructor(message: string, input: unknown) {
    super(message);
    this.details = { input };
  }
}

/** Turns anything a runner threw into the kernel's StepError (message only: no stacks in run data). */
export function toStepError(err: unknown): StepError {
  if (err instanceof RetryAfterError) return { kind: err.kind, message: err.message, retryAfterMs: err.retryAfterMs };
  if (err instanceof StepFailure) return { kind: err.kind, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  if (err instanceof Error) return { kind: (err as { kind?: string }).kind ?? 'Error', message: err.message };
  return { kind: 'Error', message: String(err) };
}
