import type { z } from 'zod';
import type { Contract } from '@/lib/workflow/contracts';
import type { SecretField } from './secret-fields';

export const STEP_CATEGORIES = ['Triggers', 'AI', 'Data', 'Flow', 'Actions', 'Output'] as const;
export type StepCategory = (typeof STEP_CATEGORIES)[number];

/**
 * How the driver treats a step under the commit rule: `pure` steps run in memory and commit
 * with the next batch; `external` steps commit an "attempt started" row before they run;
 * `trigger` steps start runs; `timer` steps wait holding no process; `child` steps start linked
 * child runs and wait (holding no process) until they finish.
 */
export type StepEffect = 'pure' | 'external' | 'trigger' | 'timer' | 'child';

/**
 * How the editor shows one config field: its label (what problems name it by), a hint, an example
 * placeholder, and an editor other than the one its schema implies: `pairs` edits a list of
 * {name, value} rows, `map` an object of name → value, `status` a number or an expression.
 */
export type FieldMeta = { label: string; hint?: string; example?: string; editor?: 'pairs' | 'map' | 'status' };

/** Isomorphic description of a step type: what the palette, forms, validator and kernel read. */
export type StepDefinition<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  category: StepCategory;
  description: string;
  effect: StepEffect;
  configSchema: S;
  /** Labels and editors of config fields by key; a field not listed gets a label made from its key. */
  fields?: Record<string, FieldMeta>;
  /** Output ports for this config; "error" is implied for every non-trigger step. */
  ports: (config: z.infer<S>) => string[];
  /** Schemas implied by the config (a webhook's body schema is its output); the step's own contract overrides per side. */
  contract?: (config: z.infer<S>) => Contract;
  /**
   * A step a person decides: after its runner proposes an output, the run waits on a review task
   * (kind review-step) with this policy; the decision becomes the output. Edits are checked
   * against `form`.
   */
  review?: (config: z.infer<S>) => ReviewSpec;
  /** merge: waits on its inputs; none: a trigger has no inputs. */
  join: 'none' | 'first' | 'merge';
  /** Config fields holding secrets: sealed before a flow is stored, revealed only for the runner, masked in what it returns. */
  secretFields?: readonly SecretField[];
  /** Config fields that are code, not templates: `{{` in them is left alone. */
  literalFields?: readonly string[];
  /** Its output becomes the run's output (the Output step). */
  setsRunOutput?: boolean;
  /**
   * A step whose effect may wait on an approval (lib/engine/approval-gate.ts): the contract an
   * edited input must match (a tool's input contract). Its runner asks by throwing ApprovalRequiredError.
   */
  approvalInput?: (config: z.infer<S>) => Record<string, unknown> | undefined;
};

export type ReviewSpec = {
  reason: string;
  deadlineMs: number;
  onTimeout: 'approve' | 'reject' | 'fail';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  assignee?: { role?: 'admin' | 'reviewer'; userId?: string };
  approvals: number;
  form?: Record<string, unknown>;
};

export const defineStep = <S extends z.ZodType>(d: StepDefinition<S>) => d;
