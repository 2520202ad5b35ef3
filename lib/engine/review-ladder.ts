import type { PreparedStep } from '@/lib/workflow/prepare';
import type { Escalation } from '@/lib/workflow/types';
import type { NodeState, ReviewDecision, ReviewRequest, StepError } from './types';

/**
 * The review ladder's rules, pure: which policy a step's review follows, the task each tier
 * opens, what a passed deadline decides, and how a decision ends the step. The kernel applies
 * them to the run state and records the events.
 */

/** A step's review policy: a Human review step's config, else its escalation policy. */
export function reviewPolicy(p: PreparedStep): Escalation | undefined {
  if (!p.def.review) return p.policy.escalation;
  const r = p.def.review(p.config as never);
  return { reason: r.reason, deadlineMs: r.deadlineMs, onTimeout: r.onTimeout, priority: r.priority, assignee: r.assignee, approvals: r.approvals };
}

export const reviewKind = (p: PreparedStep): 'review-step' | 'escalation' => (p.def.review ? 'review-step' : 'escalation');

const after = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

/** The first tier's task: the step waits on a person until `deadline`. */
export function firstTier(id: string, esc: Escalation, kind: ReviewRequest['kind'], reason: string, proposed: unknown, at: string): ReviewRequest {
  return {
    stepId: id,
    kind,
    reason,
    proposed,
    deadline: after(at, esc.deadlineMs),
    onTimeout: esc.onTimeout,
    timeoutBranch: esc.timeoutBranch,
    priority: esc.priority ?? 'normal',
    assignee: esc.assignee,
    approvals: esc.approvals ?? 1,
    tier: 1,
  };
}

/** The first tier's deadline passed: the same task moves to the second tier, with its own deadline and holder. */
export function secondTier(p: PreparedStep, id: string, esc: Escalation, n: NodeState, at: string): ReviewRequest {
  const tier2 = esc.secondTier!;
  // A waiting approval stays what it is: the same tool call, the same exact input.
  const asking = n.approval && !n.approval.approved;
  return {
    stepId: id,
    kind: asking ? 'tool-approval' : reviewKind(p),
    reason: `${esc.reason}: ${n.error?.message ?? 'no decision in time'}`,
    proposed: asking ? n.approval!.input : (n.output ?? null),
    deadline: after(at, tier2.deadlineMs),
    onTimeout: esc.onTimeout,
    timeoutBranch: esc.timeoutBranch,
    priority: esc.priority ?? 'normal',
    assignee: { ...(tier2.role ? { role: tier2.role } : {}), ...(tier2.userId ? { userId: tier2.userId } : {}) },
    approvals: esc.approvals ?? 1,
    tier: 2,
  };
}

/** What a passed deadline decides: the second tier while one is still to come, else the policy's `onTimeout`. */
export function onDeadline(esc: Escalation | undefined, n: NodeState): 'second-tier' | ReviewDecision {
  if (esc?.secondTier && (n.reviewTier ?? 1) < 2) return 'second-tier';
  const action = esc?.onTimeout ?? 'fail';
  return action === 'branch'
    ? { action, port: esc?.timeoutBranch ?? 'out' }
    : action === 'fail'
      ? { action, reason: 'No reviewer decided before the deadline' }
      : { action };
}

/** How a decision ends the step: it succeeds on a port with an output, or it fails. */
export function decisionOutcome(p: PreparedStep, n: NodeState, d: ReviewDecision): { output: unknown; port: string } | { error: StepError } {
  if (d.action === 'approve') return { output: n.output ?? null, port: 'out' };
  if (d.action === 'edit') return { output: d.output, port: 'out' };
  if (d.action === 'branch') return { output: n.output ?? n.input ?? null, port: p.ports.includes(d.port) ? d.port : 'out' };
  if (d.action === 'reject')
    return { error: { kind: 'ReviewRejected', message: d.comment ? `Rejected by a reviewer: ${d.comment}` : 'Rejected by a reviewer' } };
  return { error: { kind: 'NonRetriableError', message: d.reason } };
}
