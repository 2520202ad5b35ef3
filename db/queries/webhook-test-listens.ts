import 'server-only';
import type { Sql } from '@/db/client';

/** How long "Listen for a test event" keeps a flow's test URL open (as n8n's does). */
export const TEST_LISTEN_SECONDS = 120;

export type TestListen = { listeningUntil: string | null; capturedRunId: string | null; capturedAt: string | null };

/**
 * Opens the test URL of a flow for one event, for `seconds` from now (the database's clock).
 * Undefined when there is no such flow.
 */
export async function startTestListen(sql: Sql, flowId: string, userId: string | null, seconds = TEST_LISTEN_SECONDS): Promise<TestListen | undefined> {
  const [row] = await sql<TestListen[]>`
    insert into webhook_test_listens (flow_id, listening_until, started_by, captured_run_id, captured_at)
    select id, now() + make_interval(secs => ${seconds}), ${userId}::uuid, null, null from flows where id = ${flowId}
    on conflict (flow_id) do update set listening_until = excluded.listening_until, started_by = excluded.started_by, captured_run_id = null, captured_at = null
    returning listening_until as "listeningUntil", captured_run_id as "capturedRunId", captured_at as "capturedAt"`;
  return row ? iso(row) : undefined;
}

/** Closes the test URL (the editor's Stop, or leaving it). */
export async function stopTestListen(sql: Sql, flowId: string): Promise<void> {
  await sql`update webhook_test_listens set listening_until = null where flow_id = ${flowId}`;
}

/** The editor's view: listening until when, and the run the last captured event started. */
export async function getTestListen(sql: Sql, flowId: string): Promise<TestListen | undefined> {
  const [row] = await sql<TestListen[]>`
    select case when listening_until > now() then listening_until end as "listeningUntil", captured_run_id as "capturedRunId", captured_at as "capturedAt"
    from webhook_test_listens where flow_id = ${flowId}`;
  return row ? iso(row) : undefined;
}

/** Whether the flow's test URL listens now (checked before the request is looked at further). */
export async function isTestListening(sql: Sql, flowId: string): Promise<boolean> {
  const [row] = await sql`select 1 from webhook_test_listens where flow_id = ${flowId} and listening_until > now()`;
  return row !== undefined;
}

/**
 * Takes the one event a listen allows, atomically: of two requests at once only one gets true.
 * Claimed before the run starts, so a lost race starts nothing.
 */
export async function claimTestListen(sql: Sql, flowId: string): Promise<boolean> {
  const rows = await sql`
    update webhook_test_listens set listening_until = null, captured_run_id = null, captured_at = now()
    where flow_id = ${flowId} and listening_until > now() returning 1`;
  return rows.length === 1;
}

/** Records the test run a captured event started, for the editor to show. */
export async function recordTestCapture(sql: Sql, flowId: string, runId: string): Promise<void> {
  await sql`update webhook_test_listens set captured_run_id = ${runId} where flow_id = ${flowId}`;
}

const iso = (r: TestListen): TestListen => ({
  listeningUntil: r.listeningUntil ? new Date(r.listeningUntil).toISOString() : null,
  capturedRunId: r.capturedRunId,
  capturedAt: r.capturedAt ? new Date(r.capturedAt).toISOString() : null,
});

/** The request a captured test event brought (body, kept headers, query), for the editor. */
export async function capturedTrigger(sql: Sql, runId: string): Promise<unknown> {
  const [row] = await sql<{ trigger: unknown }[]>`select trigger from runs where id = ${runId}`;
  return row?.trigger;
}
