import 'server-only';
import type { Sql } from '@/db/client';
import { RUN_EVENTS_CHANNEL, WAKE_CHANNEL } from '@/db/channels';
import { jsonbText } from '@/db/jsonb-text';

/**
 * What one commit of a run writes, as plain values (lib/runs' CommitBatch has this shape): the
 * run row with its lease, step attempts, events, review tasks, wake-ups and follow-up jobs.
 */
export type RunCommit = {
  meta: {
    runId: string;
    flowId: string;
    versionId: string;
    isTest: boolean;
    triggerKind: string;
    trigger: unknown;
    startedAt: string;
    parent?: { runId: string; stepId: string; attempt: number; index: number };
    depth?: number;
    /** Who started the run (null for webhooks, schedules and child runs). */
    startedBy?: string | null;
  };
  status: string;
  state: unknown;
  output: unknown;
  error: unknown;
  leaseOwner: string | null;
  finishedAt: string | null;
  steps: unknown[];
  events: unknown[];
  wakeups: unknown[];
  reviews: unknown[];
  errorFlow?: unknown;
  errorWebhook?: unknown;
  releasesSlot?: boolean;
  hasRunTimeout?: boolean;
  /** The flow has a review webhook: queue a delivery for each new review task. */
  reviewWebhook?: boolean;
};

/**
 * One commit = one statement (one implicit transaction, synchronous_commit on): the run row
 * (with its lease), step attempt rows (upserted), run events, review tasks, queued wake-ups and
 * the live-view NOTIFY. Either all of it is durable or none of it happened.
 */
const COMMIT_SQL = `
with run_row as (
  insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, state, output, error, lease_owner, started_at, finished_at,
    parent_run_id, parent_step_id, parent_attempt, item_index, depth, started_by)
  values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $18::uuid, $19, $20::int, $21::int, $22::int, $28::uuid)
  on conflict (id) do update set status = excluded.status, state = excluded.state, output = excluded.output,
    error = excluded.error, lease_owner = excluded.lease_owner, finished_at = excluded.finished_at
  returning id
), step_rows as (
  insert into step_runs (run_id, step_id, iteration_path, attempt, status, input, output, error, started_at, finished_at, tokens, cost_usd)
  select $1, x.step_id, x.iteration_path, x.attempt, x.status, x.input, x.output, x.error, x.started_at, x.finished_at, x.tokens, x.cost_usd
  from jsonb_to_recordset($14::jsonb) as x(step_id text, iteration_path text, attempt int, status text, input jsonb, output jsonb, error jsonb, started_at timestamptz, finished_at timestamptz, tokens int, cost_usd real)
  on conflict (run_id, step_id, iteration_path, attempt) do update set status = excluded.status, output = excluded.output,
    error = excluded.error, finished_at = excluded.finished_at, tokens = excluded.tokens, cost_usd = excluded.cost_usd
  returning 1
), event_rows as (
  insert into run_events (run_id, type, step_id, data, at)
  select $1, e.v->>'type', e.v->>'step_id', e.v->'data', (e.v->>'at')::timestamptz
  from jsonb_array_elements($15::jsonb) with ordinality as e(v, n)
  order by e.n
  returning id
), review_rows as (
  insert into review_tasks (run_id, step_id, kind, reason, proposed_output, deadline, on_timeout, priority, assignee_user_id, assignee_role, required_approvals)
  select $1, x."stepId", x.kind, x.reason, x.proposed, x.deadline, x."onTimeout",
    coalesce(array_position(array['low','normal','high','urgent'], x.priority) - 1, 1), (x.assignee->>'userId')::uuid, x.assignee->>'role', coalesce(x.approvals, 1)
  from jsonb_to_recordset($16::jsonb) as x("stepId" text, kind text, reason text, proposed jsonb, deadline timestamptz, "onTimeout" text, priority text, assignee jsonb, approvals int, tier int)
  where coalesce(x.tier, 1) = 1
  returning id
), review_hook_jobs as (
  -- The flow's review webhook: one delivery job per new task, durable with the task itself.
  select graphile_worker.add_job('notify_review_webhook', json_build_object('taskId', id::text), job_key := 'review-hook:' || id::text, max_attempts := 8)
  from review_rows where $29::boolean
), tier_rows as (
  -- The first deadline passed: the open task moves to the second tier (a new holder, a new deadline).
  update review_tasks t set tier = x.tier, deadline = x.deadline, assignee_user_id = (x.assignee->>'userId')::uuid, assignee_role = x.assignee->>'role',
    claimed_by = null, claimed_at = null
  from jsonb_to_recordset($16::jsonb) as x("stepId" text, deadline timestamptz, assignee jsonb, tier int)
  where x.tier > 1 and t.run_id = $1 and t.step_id = x."stepId" and t.status = 'open'
  returning 1
), wake_jobs as (
  select graphile_worker.add_job('resume_run', json_build_object('runId', $1::text, 'wake', w.signal), run_at := w.at,
    job_key := 'wake:' || $1::text || ':' || (w.signal->>'stepId') || ':' || (w.signal->>'type'))
  from jsonb_to_recordset($17::jsonb) as w(at timestamptz, signal jsonb)
), error_job as (
  select graphile_worker.add_job('start_error_flow', $24::json, job_key := 'error-flow:' || $1::text) where $24::text is not null
), error_hook_job as (
  select graphile_worker.add_job('call_error_webhook', $27::json, job_key := 'error-hook:' || $1::text, max_attempts := 8) where $27::text is not null
), queue_job as (
  select graphile_worker.add_job('start_queued', json_build_object('flowId', $2::text), job_key := 'queued:' || $2::text) where $23::boolean and $25::boolean
), parent_job as (
  -- A finished child run wakes the call step of its parent (deduplicated per parent step).
  select graphile_worker.add_job('resume_run', json_build_object('runId', $18::text, 'wake', json_build_object('type', 'childDone', 'stepId', $19::text)),
    job_key := 'children:' || $18::text || ':' || $19::text) as job,
    -- The worker holding the parent hears this at once; the job is the durable copy.
    pg_notify('${WAKE_CHANNEL}', $18::text || ':' || $19::text) as n
  where $23::boolean and $18::text is not null
), timeout_job as (
  -- A run that ended no longer needs its run-timeout wake-up.
  select graphile_worker.remove_job('wake:' || $1::text || '::runTimeout') where $23::boolean and $26::boolean
)
select (select count(*) from run_row) as r, (select count(*) from step_rows) as s, (select count(*) from review_rows) as v, (select count(*) from tier_rows) as vt,
  (select count(*) from wake_jobs) as w, (select count(*) from parent_job) as pj, (select count(*) from error_job) as ej, (select count(*) from queue_job) as qj,
  (select count(*) from timeout_job) as tj, (select count(*) from error_hook_job) as eh, (select count(*) from review_hook_jobs) as rh,
  case when exists (select 1 from event_rows) then pg_notify('${RUN_EVENTS_CHANNEL}', $1::text || ':' || (select max(id) from event_rows)::text) end as n`;

/** The common commit (no waits, reviews, children or follow-up jobs): fewer CTEs on the hot path. */
const LEAN_COMMIT_SQL = `
with run_row as (
  insert into runs (id, flow_id, version_id, is_test, status, trigger_kind, trigger, state, output, error, lease_owner, started_at, finished_at, started_by)
  values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $16::uuid)
  on conflict (id) do update set status = excluded.status, state = excluded.state, output = excluded.output,
    error = excluded.error, lease_owner = excluded.lease_owner, finished_at = excluded.finished_at
  returning id
), step_rows as (
  insert into step_runs (run_id, step_id, iteration_path, attempt, status, input, output, error, started_at, finished_at, tokens, cost_usd)
  select $1, x.step_id, x.iteration_path, x.attempt, x.status, x.input, x.output, x.error, x.started_at, x.finished_at, x.tokens, x.cost_usd
  from jsonb_to_recordset($14::jsonb) as x(step_id text, iteration_path text, attempt int, status text, input jsonb, output jsonb, error jsonb, started_at timestamptz, finished_at timestamptz, tokens int, cost_usd real)
  on conflict (run_id, step_id, iteration_path, attempt) do update set status = excluded.status, output = excluded.output,
    error = excluded.error, finished_at = excluded.finished_at, tokens = excluded.tokens, cost_usd = excluded.cost_usd
  returning 1
), event_rows as (
  insert into run_events (run_id, type, step_id, data, at)
  select $1, e.v->>'type', e.v->>'step_id', e.v->'data', (e.v->>'at')::timestamptz
  from jsonb_array_elements($15::jsonb) with ordinality as e(v, n)
  order by e.n
  returning id
)
select (select count(*) from run_row) as r, (select count(*) from step_rows) as s,
  case when exists (select 1 from event_rows) then pg_notify('${RUN_EVENTS_CHANNEL}', $1::text || ':' || (select max(id) from event_rows)::text) end as n`;

/** Writes one commit of a run in one statement; the common case takes the lean one. */
export async function commitRun(sql: Sql, b: RunCommit): Promise<void> {
  const m = b.meta;
  const clearsTimeout = b.finishedAt !== null && b.hasRunTimeout === true;
  const lean = !b.wakeups.length && !b.reviews.length && !m.parent && !b.errorFlow && !b.errorWebhook && !b.releasesSlot && !clearsTimeout;
  const params = [
    m.runId,
    m.flowId,
    m.versionId,
    m.isTest,
    b.status,
    m.triggerKind,
    json(m.trigger),
    json(b.state),
    json(b.output),
    json(b.error),
    b.leaseOwner,
    m.startedAt,
    b.finishedAt,
    json(b.steps),
    json(b.events),
    json(b.reviews),
    json(b.wakeups),
    m.parent?.runId ?? null,
    m.parent?.stepId ?? null,
    m.parent?.attempt ?? null,
    m.parent?.index ?? null,
    m.depth ?? 0,
    b.finishedAt !== null,
    json(b.errorFlow ?? null),
    b.releasesSlot === true,
    clearsTimeout,
    json(b.errorWebhook ?? null),
    m.startedBy ?? null,
    b.reviewWebhook === true,
  ];
  // The lean statement takes the first 15 parameters (a top-level run: no parent, depth 0) and the starter.
  await sql.unsafe(lean ? LEAN_COMMIT_SQL : COMMIT_SQL, lean ? [...params.slice(0, 15), m.startedBy ?? null] : params);
}

/** JSON goes in as text and is cast in SQL, so postgres.js never guesses a parameter's type. */
const json = (v: unknown) => (v === undefined || v === null ? null : jsonbText(v));
