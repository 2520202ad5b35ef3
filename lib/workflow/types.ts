import { z } from 'zod';

/**
 * The flow document: what the editor saves, what versions freeze and what the engine runs.
 * Documented in docs/flow-format.md; `version` changes only with a migration of stored flows.
 */
export const FLOW_FORMAT_VERSION = 1;

export const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const retryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(1),
  initialIntervalMs: z.number().int().min(0).max(86_400_000).default(1000),
  backoffCoefficient: z.number().min(1).max(10).default(2),
  maxIntervalMs: z.number().int().min(0).max(86_400_000).default(60_000),
  /** 0..1: each delay is randomised by up to this fraction, so retries of many runs spread out. */
  jitter: z.number().min(0).max(1).default(0.2),
  /** Error kinds that are never retried (NonRetriableError and ContractError always are not). */
  nonRetryable: z.array(z.string()).default([]),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const REVIEW_PRIORITY = ['low', 'normal', 'high', 'urgent'] as const;
export const reviewAssigneeSchema = z.object({ role: z.enum(['admin', 'reviewer']).optional(), userId: z.string().uuid().optional() });
export type ReviewAssignee = z.infer<typeof reviewAssigneeSchema>;

export const escalationSchema = z.object({
  reason: z.string().max(500).default('Needs a human decision'),
  deadlineMs: z.number().int().min(1000).max(30 * 86_400_000).default(86_400_000),
  onTimeout: z.enum(['approve', 'reject', 'fail', 'branch']).default('fail'),
  timeoutBranch: z.string().optional(),
  /** Where the task sorts in the reviewers' queue (normal when unset). */
  priority: z.enum(REVIEW_PRIORITY).optional(),
  /** Who should decide: a person, a role, or (unset) anyone who reviews. */
  assignee: reviewAssigneeSchema.optional(),
  /** N of M: this many different people must approve before the step goes on (1 when unset). */
  approvals: z.number().int().min(1).max(10).optional(),
  /**
   * What else the reviewer sees on the task: a value or expression over the run (earlier steps,
   * the trigger), e.g. `{{ steps.lookup.output.customer }}`, evaluated when the task is opened.
   */
  show: z.unknown().optional(),
  /** When the first deadline passes, the task moves to this tier with a deadline of its own (then the timeout action). */
  secondTier: reviewAssigneeSchema.extend({ deadlineMs: z.number().int().min(1000).max(30 * 86_400_000).default(86_400_000) }).optional(),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const policySchema = z.object({
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  retry: retryPolicySchema.optional(),
  /** Ordered alternative configurations (merged over the step's config) tried after the primary. */
  alternatives: z.array(z.object({ label: z.string().max(80).optional(), config: z.record(z.string(), z.unknown()) })).max(10).default([]),
  /**
   * How the primary and its alternatives are tried: as listed, or (Tool call steps) `auto`, by the
   * live success rate of the tool each names, ties by p50 latency (lib/tools/auto-order.ts).
   */
  order: z.enum(['listed', 'auto']).optional(),
  /**
   * The result counts as ambiguous when its confidence is below `threshold`: the number at `path`
   * in the output, or, with no path, the confidence the step reports itself (AI steps).
   */
  confidence: z.object({ path: z.string().min(1).optional(), threshold: z.number().min(0).max(1) }).optional(),
  escalation: escalationSchema.optional(),
});
export type StepPolicy = z.infer<typeof policySchema>;

export const stepSchema = z.object({
  id: z.string().regex(STEP_ID, 'Step ids start with a letter or _, then letters, digits, _ or -'),
  type: z.string().min(1),
  name: z.string().max(120).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  policy: policySchema.optional(),
  /** A disabled step passes its input through unchanged (like n8n's "deactivate"). */
  disabled: z.boolean().optional(),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  notes: z.string().max(5000).optional(),
  /** JSON Schemas this step's input and output must match (checked on connect, validation and every run). */
  contract: z.object({ input: z.record(z.string(), z.unknown()).optional(), output: z.record(z.string(), z.unknown()).optional() }).optional(),
  /** Sample output pinned in the editor: test runs of the draft use it instead of running the step; production never does. */
  pinned: z.object({ output: z.unknown() }).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const edgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Output port of `from`: "out" (success), "error", or a branch name (condition/switch). */
  port: z.string().default('out'),
  /** Key of this input in a merge step's output; defaults to the source step id. */
  label: z.string().max(64).optional(),
});
export type Edge = z.infer<typeof edgeSchema>;

export const stickyNoteSchema = z.object({ id: z.string(), text: z.string().max(5000), position: z.object({ x: z.number(), y: z.number() }) });

export const flowSettingsSchema = z.object({
  /** A run still going after this long fails with RunTimeout (its running steps are cancelled). */
  runTimeoutMs: z.number().int().min(1000).max(30 * 86_400_000).optional(),
  /** At most this many production runs of the flow at once; the excess queue in arrival order. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** Which finished runs to keep beyond `days` (read from the draft, applied hourly). */
  retention: z.object({ keep: z.enum(['all', 'failed', 'none']), days: z.number().int().min(1).max(3650) }).optional(),
  /** A flow started (its published version) when a production run of this flow fails. */
  errorFlowId: z.string().uuid().optional(),
  /** POSTed `{ runId, flowId, error, trigger }` when a production run fails (SSRF-guarded, retried). */
  errorWebhookUrl: z.string().url('Enter a full URL, e.g. https://hooks.example.com/baton').max(2000).optional(),
  /** Hard cap on model spend per run (USD): a call that may not fit is not made (BudgetExceeded). */
  maxCostPerRunUsd: z.number().positive('Enter an amount above 0, e.g. 0.50').max(1_000_000).optional(),
  /**
   * POSTed `{ taskId, kind, flow, reason, link }` when a run of this flow creates a review task
   * (SSRF-guarded, retried by the queue); signed `X-Baton-Signature: sha256=<hex>` (HMAC-SHA256 of
   * the body) when a secret is set. The secret is stored sealed (lib/crypto/secret-box).
   */
  reviewWebhook: z
    .object({
      url: z.string().url('Enter a full URL, e.g. https://hooks.example.com/review').max(2000),
      secret: z.string().min(1).max(4000).optional(),
    })
    .optional(),
});

export const flowSchema = z.object({
  version: z.literal(FLOW_FORMAT_VERSION),
  steps: z.array(stepSchema).max(2000),
  edges: z.array(edgeSchema).max(10_000),
  notes: z.array(stickyNoteSchema).default([]),
  settings: flowSettingsSchema.default({}),
});
export type Flow = z.infer<typeof flowSchema>;
export type FlowInput = z.input<typeof flowSchema>;

/** Documents as the editor holds them (defaults not yet applied). */
export type StepInput = FlowInput['steps'][number];
export type EdgeInput = FlowInput['edges'][number];
