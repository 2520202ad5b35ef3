import 'server-only';
import type { Sql, Tx } from '@/db/client';
import { assignTaskRow, claimTaskRow, countOpenTasks, getTask, insertAuditEntry, insertComment, listAssignablePeople, listTasks, releaseTaskRow, type TaskListRow, type Viewer } from '@/db/queries/inbox';
import { AGE_HOURS, PRIORITIES, type InboxFilters } from './filters';
import { InboxError } from './errors';
import type { InboxItem } from './types';

export type { InboxItem };

export type { Viewer };

export const toItem = (r: TaskListRow): InboxItem => ({
  id: r.id,
  runId: r.run_id,
  stepId: r.step_id,
  kind: r.kind,
  reason: r.reason,
  priority: PRIORITIES[r.priority] ?? 'normal',
  state: r.state,
  deadline: r.deadline ? new Date(r.deadline).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
  tier: r.tier,
  approvals: { have: r.approvals, need: r.required_approvals },
  assignee: { userId: r.assignee_user_id, name: r.assignee_name, role: r.assignee_role },
  claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name } : null,
  flow: { id: r.flow_id, name: r.flow_name },
});

/** The queue across every flow, filtered and sorted by deadline. */
export async function listInbox(sql: Sql, f: InboxFilters, me: Viewer): Promise<InboxItem[]> {
  const rows = await listTasks(sql, { ...f, minAgeHours: AGE_HOURS[f.age], priority: f.priority ? PRIORITIES.indexOf(f.priority) : undefined }, me);
  return rows.map(toItem);
}

/** The navigation badge's number. */
export const openTaskCount = (sql: Sql, me: Viewer) => countOpenTasks(sql, me);

/** Takes a task: a claimed task shows who holds it, and only its holder decides it. */
export async function claimTask(sql: Sql, taskId: string, me: Viewer): Promise<void> {
  const claimed = await sql.begin(async (tx: Tx) => {
    if (!(await claimTaskRow(tx, taskId, me.id))) return false;
    await insertAuditEntry(tx, me.id, { action: 'review.claim', target: taskId });
    return true;
  });
  if (claimed) return;
  const t = await getTask(sql, taskId);
  if (!t) throw new InboxError('This review task does not exist.', 'not-found');
  if (t.state === 'claimed') throw new InboxError(`${t.claimed_by_name ?? 'Another reviewer'} already holds this task.`, 'claimed');
  throw new InboxError(`This task is ${t.state}; it can no longer be claimed.`, t.state === 'decided' ? 'decided' : t.state === 'expired' ? 'expired' : 'cancelled');
}

/** Gives a task back to the queue: its holder may, and an admin may for anyone. */
export async function releaseTask(sql: Sql, taskId: string, me: Viewer): Promise<void> {
  const released = await sql.begin(async (tx: Tx) => {
    if (!(await releaseTaskRow(tx, taskId, me.id, me.roles.includes('admin')))) return false;
    await insertAuditEntry(tx, me.id, { action: 'review.release', target: taskId });
    return true;
  });
  if (released) return;
  throw new InboxError('Only the reviewer holding this open task (or an admin) can release it.', 'claimed');
}

/** Who a task can go to: a person who reviews, or one of these roles. */
export const ASSIGNABLE_ROLES = ['reviewer', 'admin'] as const;
export type AssignTo = { userId: string } | { role: (typeof ASSIGNABLE_ROLES)[number] } | { anyone: true };

/**
 * Assigns an open task to a person or a role, or back to anyone; the claim is dropped so the
 * assignee takes it. A task someone else holds is theirs to pass on (or an admin's). Audited.
 */
export async function assignTask(sql: Sql, taskId: string, me: Viewer, to: AssignTo): Promise<void> {
  const target = 'userId' in to ? { userId: to.userId, role: null } : 'role' in to ? { userId: null, role: to.role } : { userId: null, role: null };
  if (target.userId && !(await listAssignablePeople(sql)).some((p) => p.id === target.userId)) throw new InboxError('That person does not review tasks (or is disabled); pick a reviewer or an admin.', 'invalid');
  const done = await sql.begin(async (tx: Tx) => {
    if (!(await assignTaskRow(tx, taskId, target, me.id, me.roles.includes('admin')))) return false;
    await insertAuditEntry(tx, me.id, { action: 'review.assign', target: taskId, details: target });
    return true;
  });
  if (done) return;
  const t = await getTask(sql, taskId);
  if (!t) throw new InboxError('This review task does not exist.', 'not-found');
  if (t.state === 'claimed') throw new InboxError(`${t.claimed_by_name ?? 'Another reviewer'} holds this task; only they (or an admin) can pass it on.`, 'claimed');
  throw new InboxError(`This task is ${t.state}; it can no longer be assigned.`, t.state === 'decided' ? 'decided' : t.state === 'expired' ? 'expired' : 'cancelled');
}

/** The people the task page offers to assign to. */
export const assignablePeople = (sql: Sql) => listAssignablePeople(sql);

export async function commentOnTask(sql: Sql, taskId: string, me: Viewer, body: string): Promise<void> {
  const t = await getTask(sql, taskId);
  if (!t) throw new InboxError('This review task does not exist.', 'not-found');
  await sql.begin(async (tx: Tx) => {
    await insertComment(tx, taskId, me.id, body);
    await insertAuditEntry(tx, me.id, { action: 'review.comment', target: taskId, details: { length: body.length } });
  });
}
