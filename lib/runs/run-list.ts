import 'server-only';
import { getDb } from '@/db/client';
import { listRuns, type RunFilters } from '@/db/queries/runs';
import type { RunListPage } from '@/lib/query/run-list-types';

/** The Runs list's query string: every field optional, anything unknown ignored. */
export type RunSearch = { status?: string; flow?: string; trigger?: string; kind?: string; from?: string; to?: string; cursor?: string };
export const RUN_STATUS_FILTERS = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
export const RUN_TRIGGER_FILTERS = ['webhook', 'manual', 'schedule', 'api'];
const uuid = /^[0-9a-f-]{36}$/;

/** Filters from the query string; a value that is not one of the choices means "any". */
export function parseRunFilters(s: RunSearch): RunFilters {
  const date = (v?: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  return {
    status: RUN_STATUS_FILTERS.includes(s.status ?? '') ? s.status : undefined,
    flowId: uuid.test(s.flow ?? '') ? s.flow : undefined,
    trigger: RUN_TRIGGER_FILTERS.includes(s.trigger ?? '') ? s.trigger : undefined,
    test: s.kind === 'test' ? true : s.kind === 'production' ? false : undefined,
    from: date(s.from),
    to: date(s.to),
  };
}

/**
 * One page of the Runs list as the table shows it: the page renders it first, and the table
 * polls the same shape from /api/runs, so both always agree.
 */
export async function loadRunListPage(s: RunSearch, limit = 50): Promise<RunListPage> {
  const page = await listRuns(getDb(), parseRunFilters(s), s.cursor, limit);
  return {
    nextCursor: page.nextCursor,
    rows: page.runs.map((r) => ({
      id: r.id,
      flowName: r.flowName,
      status: r.status,
      isTest: r.isTest,
      triggerKind: r.triggerKind,
      startedAt: new Date(r.startedAt).toISOString(),
      durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
      tokens: r.tokens === null ? null : Number(r.tokens),
      costUsd: r.costUsd === null ? null : Number(r.costUsd),
    })),
  };
}
