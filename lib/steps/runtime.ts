import type { ResponseSpec } from '@/lib/engine/types';
import type { AllowList } from '@/lib/net/allow-list';

export type StepOutcome = { output: unknown; port?: string; response?: ResponseSpec };

/** What an effectful step gets besides its resolved config and input. */
export type RunContext = {
  runId: string;
  stepId: string;
  attempt: number;
  /** `runId:stepId[:iterationPath]`: the same for every attempt, so a service can drop repeats. */
  idempotencyKey: string;
  signal: AbortSignal;
  /** Non-public host:ports an admin opened to outbound calls (lib/net's guard reads it). */
  allowList: AllowList;
};

/** Pure steps compute in memory, synchronously, from config and input alone. */
export type PureRunner = { kind: 'pure'; run: (config: never, input: unknown) => StepOutcome };
export type AsyncRunner = { kind: 'async'; run: (config: never, input: unknown, ctx: RunContext) => Promise<StepOutcome> };
export type StepRunner = PureRunner | AsyncRunner;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
