import 'server-only';
import type { Sql, Tx } from '@/db/client';
import { jsonbText } from '@/db/jsonb-text';
import type { AuditRow } from './audit';

/** The queue's filters as plain values (lib/inbox/filters reads them from the query string). */
export type TaskQuery = {
  status: 'open' | 'claimed' | 'expired' | 'decided' | 'cancelled' | 'all';
  assigned: 'anyone' | 'me' | 'my-role' | 'unassigned';
  /** Only tasks at least this many hours old (0: any). */
  minAgeHours: number;
  flow?: string;
  kind?: string;
  /** Index into low, normal, high, urgent. */
  priority?: number;
  reason?: string;
  q?: string;
  limit: number;
};

/** The pool or a transaction: every query here takes either. */
export type Q = Sql | Tx;

/** Who asks: the queue's "assigned to me / my role" filters read this. */
export type Viewer = { id: string; roles: readonly string[] };

export type TaskListRow = {
  id: string;
  run_id: string;
  step_id: string;
  kind: string;
  reason: string;
  priority: number;
  deadline: Date | null;
  created_at: Date;
  tier: number;
  required_approvals: number;
  approvals: number;
  assignee_user_id: string | null;
  assignee_name: string | null;
  assignee_role: string | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  flow_id: string;
  flow_name: string;
  state: 'open' | 'claimed' | 'expired' | 'decided' | 'cancelled';
};

/**
 * A task's state as people see it: decided; cancelled (its run ended without it); expired (the
 * deadline passed, the timeout action runs); claimed; open. Derived in SQL, never stored twice.
 */
const STATE = `case when t.status <> 'open' then 'decided'
  when r.status not in ('running', 'waiting') then 'cancelled'
  when t.deadline is not null and t.deadline <= now() then 'expired'
  when t.claimed_by is not null then 'claimed' else 'open' end`;

/** The open condition (decidable now), as SQL over `t` (review_tasks) and `r` (runs). */
export const OPEN_SQL = `t.status = 'open' and r.status in ('running', 'waiting') and (t.deadline is null or t.deadline > now())`;

/** One page of the queue, soonest deadline first (then priority, then age). */
export async function listTasks(sql: Q, f: TaskQuery, me: Viewer): Promise<TaskListRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  if (f.status === 'open') where.push(`${OPEN_SQL} and t.claimed_by is null`);
  else if (f.status === 'claimed') where.push(`${OPEN_SQL} and t.claimed_by is not null`);
  else if (f.status === 'expired') where.push(`t.status = 'open' and r.status in ('running', 'waiting') and t.deadline <= now()`);
  else if (f.status === 'decided') where.push(`t.status <> 'open'`);
  else if (f.status === 'cancelled') where.push(`t.status = 'open' and r.status not in ('running', 'waiting')`);
  if (f.assigned === 'me') where.push(`t.assignee_user_id = ${p(me.id)}::uuid`);
  else if (f.assigned === 'my-role') where.push(`t.assignee_role = any(${p(me.roles)}::text[])`);
  else if (f.assigned === 'unassigned') where.push(`t.assignee_user_id is null and t.assignee_role is null`);
  if (f.minAgeHours > 0) where.push(`t.created_at <= now() - make_interval(hours => ${p(f.minAgeHours)}::int)`);
  if (f.flow) where.push(`r.flow_id = ${p(f.flow)}::uuid`);
  if (f.kind) where.push(`t.kind = ${p(f.kind)}`);
  if (f.priority !== undefined) where.push(`t.priority = ${p(f.priority)}::int`);
  if (f.reason) where.push(`t.reason ilike ${p(`%${escapeLike(f.reason)}%`)}`);
  if (f.q) {
    const like = p(`%${escapeLike(f.q)}%`);
    where.push(`(t.reason ilike ${like} or t.step_id ilike ${like} or fl.name ilike ${like} or t.run_id::text = ${p(f.q)})`);
  }
  const text = `
    select t.id, t.run_id, t.step_id, t.kind, t.reason, t.priority, t.deadline, t.created_at, t.tier, t.required_approvals,
      (select count(*)::int from review_approvals a where a.task_id = t.id) as approvals,
      t.assignee_user_id, au.name as assignee_name, t.assignee_role, t.claimed_by, cu.name as claimed_by_name,
      r.flow_id, fl.name as flow_name, ${STATE} as state
    from review_tasks t
    join runs r on r.id = t.run_id
    join flows fl on fl.id = r.flow_id
    left join users au on au.id = t.assignee_user_id
    left join users cu on cu.id = t.claimed_by
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by t.deadline asc nulls last, t.priority desc, t.created_at asc
    limit ${p(f.limit)}::int`;
  return sql.unsafe<TaskListRow[]>(text, params as never[]);
}

/** The number the navigation badge shows: tasks anyone may take or the viewer holds. */
export async function countOpenTasks(sql: Q, me: Viewer): Promise<number> {
  const [row] = await sql.unsafe<{ n: number }[]>(
    `select count(*)::int as n from review_tasks t join runs r on r.id = t.run_id where ${OPEN_SQL} and (t.claimed_by is null or t.claimed_by = $1::uuid)`,
    [me.id],
  );
  return row?.n ?? 0;
}

export type TaskRow = TaskListRow & {
  proposed_output: unknown;
  on_timeout: string;
  resolution: unknown;
  resolved_by_name: string | null;
  resolved_at: Date | null;
  claimed_at: Date | null;
  version_id: string;
  run_status: string;
  /**
   * Who may not approve it (self-approval): whoever started the run or a run above it (a child
   * run's starter is its root's), published the version it runs, or edited the draft it came from.
   */
  self_ids: string[];
};

/**
 * Locks a task's row for a decision. Read it afterwards with getTask in a new statement: a
 * locking read with joins would re-check a row a concurrent decider just changed against the
 * joined rows of its old snapshot (who decided would read as nobody).
 */
export async function lockTask(tx: Q, id: string): Promise<boolean> {
  return (await tx`select 1 from review_tasks where id = ${id} for update`).length === 1;
}

/** One task with what its page shows about the run. */
export async function getTask(sql: Q, id: string): Promise<TaskRow | undefined> {
  const rows = await sql.unsafe<TaskRow[]>(
    `select t.id, t.run_id, t.step_id, t.kind, t.reason, t.priority, t.deadline, t.created_at, t.tier, t.required_approvals,
      (select count(*)::int from review_approvals a where a.task_id = t.id) as approvals,
      t.assignee_user_id, au.name as assignee_name, t.assignee_role, t.claimed_by, cu.name as claimed_by_name, t.claimed_at,
      r.flow_id, fl.name as flow_name, ${STATE} as state, t.proposed_output, t.on_timeout, t.resolution, ru.name as resolved_by_name, t.resolved_at,
      r.version_id, r.status as run_status,
      array(select x from unnest(array[fv.created_by] || fv.edited_by || array(
        with recursive up as (select id, parent_run_id, started_by, 0 as depth from runs where id = r.id
          union all select p.id, p.parent_run_id, p.started_by, up.depth + 1 from runs p join up on p.id = up.parent_run_id where up.depth < 32)
        select started_by from up)) x where x is not null) as self_ids
    from review_tasks t
    join runs r on r.id = t.run_id
    join flows fl on fl.id = r.flow_id
    join flow_versions fv on fv.id = r.version_id
    left join users au on au.id = t.assignee_user_id
    left join users cu on cu.id = t.claimed_by
    left join users ru on ru.id = t.resolved_by
    where t.id = $1::uuid`,
    [id],
  );
  return rows[0];
}

/** Takes the task for this person; only an open, unclaimed (or already theirs) task. */
export async function claimTaskRow(sql: Q, id: string, userId: string): Promise<boolean> {
  const rows = await sql.unsafe(
    `update review_tasks t set claimed_by = $2::uuid, claimed_at = now() from runs r
     where t.id = $1::uuid and r.id = t.run_id and ${OPEN_SQL} and (t.claimed_by is null or t.claimed_by = $2::uuid) returning t.id`,
    [id, userId],
  );
  return rows.length === 1;
}

/** Gives the task back (its holder, or anyone when `force`: an admin). */
export async function releaseTaskRow(sql: Q, id: string, userId: string, force: boolean): Promise<boolean> {
  const rows = await sql`update review_tasks set claimed_by = null, claimed_at = null
    where id = ${id} and status = 'open' and claimed_by is not null and (claimed_by = ${userId} or ${force}) returning id`;
  return rows.length === 1;
}

/**
 * Hands an open task to a person or a role (both null: anyone) and drops its claim: the new
 * assignee takes it from the queue. Only while it is open, and unclaimed or claimed by `by` (or
 * `force`: an admin). Returns false when it was not.
 */
export async function assignTaskRow(sql: Q, id: string, to: { userId: string | null; role: string | null }, by: string, force: boolean): Promise<boolean> {
  const rows = await sql.unsafe(
    `update review_tasks t set assignee_user_id = $2::uuid, assignee_role = $3, claimed_by = null, claimed_at = null from runs r
     where t.id = $1::uuid and r.id = t.run_id and ${OPEN_SQL} and (t.claimed_by is null or t.claimed_by = $4::uuid or $5::boolean) returning t.id`,
    [id, to.userId, to.role, by, force],
  );
  return rows.length === 1;
}

/** People a task can be assigned to: enabled users who review (reviewers and admins). */
export async function listAssignablePeople(sql: Q): Promise<{ id: string; name: string }[]> {
  return sql<{ id: string; name: string }[]>`select id, name from users where not disabled and roles && array['reviewer', 'admin']::text[] order by name, id`;
}

export type CommentRow = { id: string; body: string; created_at: Date; author_name: string | null };

export async function insertComment(sql: Q, taskId: string, authorId: string, body: string): Promise<void> {
  await sql`insert into review_comments (task_id, author_id, body) values (${taskId}, ${authorId}, ${body})`;
}

export async function listComments(sql: Q, taskId: string): Promise<CommentRow[]> {
  return sql<CommentRow[]>`select c.id, c.body, c.created_at, u.name as author_name from review_comments c left join users u on u.id = c.author_id
    where c.task_id = ${taskId} order by c.created_at, c.id`;
}

export type AttemptRow = { attempt: number; status: string; input: unknown; output: unknown; error: unknown; started_at: Date; finished_at: Date | null };

/** The step's attempts in the run: the error and retry history a reviewer reads. */
export async function stepAttempts(sql: Q, runId: string, stepId: string): Promise<AttemptRow[]> {
  return sql<AttemptRow[]>`select attempt, status, input, output, error, started_at, finished_at from step_runs
    where run_id = ${runId} and step_id = ${stepId} order by attempt`;
}

/** The step's last ambiguity event: its confidence against the threshold. */
export async function lastAmbiguity(sql: Q, runId: string, stepId: string): Promise<{ confidence: unknown; threshold: number } | null> {
  const [row] = await sql<{ data: { confidence: unknown; threshold: number } }[]>`select data from run_events
    where run_id = ${runId} and step_id = ${stepId} and type = 'StepAmbiguous' order by id desc limit 1`;
  return row?.data ?? null;
}

/** One person's approval toward N of M; returns how many distinct approvals the task now has. */
export async function addApproval(tx: Q, taskId: string, userId: string): Promise<number> {
  await tx`insert into review_approvals (task_id, user_id) values (${taskId}, ${userId}) on conflict do nothing`;
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from review_approvals where task_id = ${taskId}`;
  return row?.n ?? 0;
}

/**
 * The deciding statement: resolves the task only while it is still open (one conditional UPDATE,
 * so of two deciders exactly one wins) and queues the run's resumption with the decision and who
 * made it. Returns the run id, or null when the task was no longer open.
 */
export async function resolveTaskRow(tx: Q, taskId: string, decision: unknown, actorId: string | null, kind: string): Promise<string | null> {
  const [row] = await tx<{ run_id: string }[]>`
    with task as (
      update review_tasks set status = 'resolved', resolution = ${jsonbText(decision)}::jsonb, resolved_by = ${actorId}, resolved_at = now()
      where id = ${taskId} and status = 'open'
      returning run_id, step_id
    ), job as (
      select graphile_worker.add_job('resume_run',
        json_build_object('runId', task.run_id::text, 'signal', json_build_object('type', 'reviewResolved', 'stepId', task.step_id,
          'decision', ${jsonbText(decision)}::json, 'by', json_build_object('actor', ${actorId}::text, 'kind', ${kind}::text))),
        job_key := 'review:' || ${taskId}::text) from task
    )
    select run_id::text from task, (select count(*) from job) j`;
  return row?.run_id ?? null;
}

/** Audit rows written inside the decision's own transaction. */
export async function insertAuditEntry(tx: Q, actorId: string | null, entry: AuditRow): Promise<void> {
  await tx`insert into audit_log (actor_id, action, target, details) values (${actorId}, ${entry.action}, ${entry.target}, ${entry.details === undefined ? null : jsonbText(entry.details)}::jsonb)`;
}

/** Waiting runs (paused on a person or a timer), newest first: the API lists them. */
export async function listWaitingRuns(sql: Q, limit: number): Promise<{ id: string; flow_id: string; flow_name: string; started_at: Date; open_tasks: string[] }[]> {
  return sql`select r.id, r.flow_id, fl.name as flow_name, r.started_at,
      array(select t.id::text from review_tasks t where t.run_id = r.id and t.status = 'open' order by t.created_at) as open_tasks
    from runs r join flows fl on fl.id = r.flow_id where r.status = 'waiting' order by r.started_at desc limit ${limit}`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type TaskNotice = {
  id: string;
  kind: string;
  reason: string;
  run_id: string;
  step_id: string;
  priority: number;
  deadline: Date | null;
  flow_id: string;
  flow_name: string;
  /** The run's version's `settings.reviewWebhook` (URL and sealed secret), as stored. */
  hook: unknown;
};

/** What the review webhook says about a new task, with the webhook setting of the version its run runs. */
export async function taskNotice(sql: Q, id: string): Promise<TaskNotice | undefined> {
  const [row] = await sql<TaskNotice[]>`select t.id, t.kind, t.reason, t.run_id, t.step_id, t.priority, t.deadline, r.flow_id, fl.name as flow_name,
      fv.definition->'settings'->'reviewWebhook' as hook
    from review_tasks t join runs r on r.id = t.run_id join flows fl on fl.id = r.flow_id join flow_versions fv on fv.id = r.version_id
    where t.id = ${id}`;
  return row;
}

/** The run's committed kernel state (null once it ended): what an escalation's `show` reads. */
export async function runStateOf(sql: Q, runId: string): Promise<unknown> {
  const [row] = await sql<{ state: unknown }[]>`select state from runs where id = ${runId}`;
  return row?.state ?? null;
}
