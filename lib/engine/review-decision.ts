import { z } from 'zod';

/**
 * A reviewer's decision on an escalated step: the one schema for the server action, the public
 * API (and its OpenAPI description), the resume job's payload and the kernel's `reviewResolved`
 * signal. `fail` ends the step as failed with the reviewer's reason (its error edge, else the run).
 */
export const reviewDecisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }),
  z.object({ action: z.literal('reject'), comment: z.string().max(2000).optional() }),
  z.object({ action: z.literal('edit'), output: z.unknown() }),
  z.object({ action: z.literal('branch'), port: z.string().min(1) }),
  z.object({ action: z.literal('fail'), reason: z.string().trim().min(1, 'Say why the step fails').max(2000) }),
]);

export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
export const REVIEW_ACTIONS = reviewDecisionSchema.options.map((o) => o.shape.action.value);
