import type { PreparedStep } from '@/lib/workflow/prepare';
import type { Escalation } from '@/lib/workflow/types';
import { firstTier } from './review-ladder';
import type { NodeState, ReviewDecision, ReviewRequest, StepError } from './types';

/**
 * The approval gate, pure: a runner that may not run its effect without a person's approval
 * (a tool under `needs approval`) fails its attempt with kind `ApprovalRequired` and the exact
 * input in `details.input`. The kernel then waits on a `tool-approval` task; approve (or edit)
 * runs the step again with that input, reject fails it as a NonRetriableError. The gate's state
 * lives on the node (`approval`), so it is committed like any other state.
 */
export const APPROVAL_REQUIRED = 'ApprovalRequired';

/** Without an escalation policy on the step, an approval waits this long, then the step fails. */
const DEFAULT_APPROVAL: Escalation = { reason: 'Tool call needs approval', deadlineMs: 7 * 24 * 3600_000, onTimeout: 'fail' };

/** The policy an approval task follows: the step's escalation policy when it has one (deadline, holder, tiers). */
export const approvalPolicy = (p: PreparedStep): Escalation => p.policy.escalation ?? DEFAULT_APPROVAL;

/** The task that asks for approval, and the node's gate state while it waits. */
export function askApproval(p: PreparedStep, n: NodeState, error: StepError, at: string): { task: ReviewRequest; approval: NonNullable<NodeState['approval']> } {
  const input = (error.details as { input?: unknown } | undefined)?.input ?? null;
  const esc = approvalPolicy(p);
  return { task: firstTier(p.step.id, esc, 'tool-approval', error.message, input, at), approval: { alt: n.alt, input, approved: false } };
}

/** The gate asked and waits for this node's decision. */
export const awaitsApproval = (n: NodeState): boolean => n.approval !== undefined && !n.approval.approved;

/** What a decision on an approval does: run with an input, or fail (reject, fail, a passed deadline). */
export function approvalOutcome(n: NodeState, d: ReviewDecision): { run: NonNullable<NodeState['approval']> } | { error: StepError } {
  const asked = n.approval!;
  if (d.action === 'approve') return { run: { ...asked, approved: true } };
  if (d.action === 'edit') return { run: { ...asked, input: d.output, approved: true } };
  if (d.action === 'reject') return { error: { kind: 'NonRetriableError', message: d.comment ? `The tool call was rejected by a reviewer: ${d.comment}` : 'The tool call was rejected by a reviewer' } };
  if (d.action === 'fail') return { error: { kind: 'NonRetriableError', message: d.reason } };
  return { error: { kind: 'NonRetriableError', message: 'A tool call waiting for approval cannot take a branch' } };
}

/** The approved input for an attempt of configuration `alt`, if the gate was passed for it. */
export const approvedInput = (n: NodeState | undefined, alt: number): { input: unknown } | undefined =>
  n?.approval?.approved && n.approval.alt === alt ? { input: n.approval.input } : undefined;
