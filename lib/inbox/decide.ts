import 'server-only';
import type { Sql, Tx } from '@/db/client';
import { addApproval, getTask, insertAuditEntry, lockTask, resolveTaskRow, type TaskRow } from '@/db/queries/inbox';
import type { ReviewDecision } from '@/lib/engine/review-decision';
import type { AuditEntry } from '@/lib/audit/entries';
import { getPreparedVersion } from '@/lib/runs/flow-cache';
import { schemaErrors } from '@/lib/runs/schema-check';
import type { PreparedStep } from '@/lib/workflow/prepare';
import { InboxError } from './errors';

/** Who decides: null for the system (tests, the timeout action), else a signed-in person or token owner. */
export type Decider = { id: string; roles: readonly string[] } | null;

export type DecideResult = { runId: string; status: 'resolved' } | { runId: string; status: 'approval-recorded'; approvals: number; required: number };

/**
 * Decides a review task. In one transaction: the task row is locked, every rule checked (still
 * open, its run still waiting, before its deadline, not held by someone else, no self-approval),
 * an approval counted toward N of M, and on the deciding one the task resolved by a conditional
 * UPDATE that also queues the run's resumption, with the audit row. Any refusal changes nothing.
 */
export async function decideTask(sql: Sql, taskId: string, decision: ReviewDecision, by: Decider): Promise<DecideResult> {
  const seen = await getTask(sql, taskId);
  if (!seen) throw new InboxError('This review task does not exist.', 'not-found');
  if (decision.action === 'edit') await checkEditedOutput(sql, seen, decision.output);
  // An escalation's proposal that broke the step's contract cannot go on as it is: it must be edited.
  if (decision.action === 'approve' && seen.kind === 'escalation' && seen.proposed_output != null) await checkEditedOutput(sql, seen, seen.proposed_output, 'proposed');
  if (decision.action === 'branch') await checkBranch(sql, seen, decision.port);
  return sql.begin(async (tx: Tx) => {
    if (!(await lockTask(tx, taskId))) throw new InboxError('This review task does not exist.', 'not-found');
    const task = (await getTask(tx, taskId))!;
    refuse(task, by, decision);
    const kind = task.kind;
    if (decision.action === 'approve' && task.required_approvals > 1 && by) {
      const approvals = await addApproval(tx, taskId, by.id);
      if (approvals < task.required_approvals) {
        await audit(tx, by, { action: 'review.approve', target: taskId, details: { runId: task.run_id, stepId: task.step_id, approvals, required: task.required_approvals } });
        return { runId: task.run_id, status: 'approval-recorded', approvals, required: task.required_approvals };
      }
    }
    const runId = await resolveTaskRow(tx, taskId, decision, by?.id ?? null, kind);
    if (!runId) throw new InboxError('Someone else decided this task a moment ago; nothing was changed.', 'decided');
    const reason = decision.action === 'reject' ? decision.comment : decision.action === 'fail' ? decision.reason : undefined;
    await audit(tx, by, {
      action: 'review.resolve',
      target: taskId,
      details: { runId, stepId: task.step_id, action: decision.action, kind, edited: decision.action === 'edit', ...(reason ? { reason } : {}) },
    });
    return { runId, status: 'resolved' };
  });
}

const audit = (tx: Tx, by: Decider, entry: AuditEntry) => insertAuditEntry(tx, by?.id ?? null, entry);

/** The reasons a decision is refused, each with the message the person sees. */
function refuse(task: TaskRow, by: Decider, decision: ReviewDecision) {
  if (task.state === 'decided') {
    const who = task.resolved_by_name ? ` by ${task.resolved_by_name}` : '';
    throw new InboxError(`This task was already decided${who}; nothing was changed.`, 'decided');
  }
  if (task.state === 'cancelled') throw new InboxError(`Its run is ${task.run_status} (no longer waiting), so this task cannot be decided; nothing was changed.`, 'cancelled');
  if (task.state === 'expired') throw new InboxError(`The deadline passed; the timeout action (${task.on_timeout}) decides this task. Nothing was changed.`, 'expired');
  if (!by) return;
  if (task.claimed_by && task.claimed_by !== by.id) throw new InboxError(`${task.claimed_by_name ?? 'Another reviewer'} holds this task; ask them to release it.`, 'claimed');
  const approving = decision.action === 'approve' || decision.action === 'edit' || decision.action === 'branch';
  if (approving && task.self_ids.includes(by.id)) throw new InboxError('You started this run or edited the flow version it runs, so you cannot approve it: another reviewer must.', 'self-approval');
}

/** What an edit must match: a gated call's input contract, a Human review step's form, else the step's output contract. */
export function editSchema(step: PreparedStep, kind = 'escalation'): Record<string, unknown> | undefined {
  if (kind === 'tool-approval') return step.def.approvalInput?.(step.config as never);
  return step.def.review ? step.def.review(step.config as never).form : (step.contract.output as Record<string, unknown> | undefined);
}

async function stepOf(sql: Sql, task: TaskRow) {
  const prepared = await getPreparedVersion(sql, task.version_id);
  return prepared.steps.get(task.step_id);
}

/** An edited (or approved) output must match the step's output contract; each mismatch is a field error. */
async function checkEditedOutput(sql: Sql, task: TaskRow, output: unknown, which: 'edited' | 'proposed' = 'edited') {
  const step = await stepOf(sql, task);
  const errors = schemaErrors(step ? editSchema(step, task.kind) : undefined, output);
  if (!errors.length) return;
  const fieldErrors: Record<string, string[]> = {};
  for (const e of errors) (fieldErrors[e.path || '_'] ??= []).push(e.message);
  if (task.kind === 'tool-approval') throw new InboxError("The edited input does not match the tool's input contract.", 'invalid', fieldErrors);
  const message = which === 'edited' ? "The edited output does not match the step's output contract." : "The proposed output does not match the step's output contract: edit it into shape, then approve.";
  throw new InboxError(message, 'invalid', fieldErrors);
}

async function checkBranch(sql: Sql, task: TaskRow, port: string) {
  const step = await stepOf(sql, task);
  if (step && !step.ports.includes(port)) throw new InboxError(`"${port}" is not a branch of this step (${step.ports.join(', ')}).`, 'invalid');
}
