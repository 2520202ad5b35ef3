import 'server-only';
import type { Sql } from '@/db/client';

/**
 * Live reliability of registry tools, read from the attempts that called them (step_runs rows
 * carry tool_id/tool_version). A window bounds the work: finished attempts of the last `days`,
 * and of those at most the latest `maxCalls` per tool (the index step_runs_tool_started serves
 * both). Running attempts do not count: their outcome and latency are not known yet.
 */
export type ToolStatsWindow = { days: number; maxCalls: number };
export const DEFAULT_TOOL_STATS_WINDOW: ToolStatsWindow = { days: 7, maxCalls: 1000 };

export type ToolStats = {
  toolId: string;
  /** null: every version of the tool together. */
  version: number | null;
  calls: number;
  succeeded: number;
  /** succeeded / calls, 0..1. */
  successRate: number;
  /** finished_at - started_at, in milliseconds. */
  p50Ms: number;
  p95Ms: number;
  costUsd: number;
  /** The message of the latest failed attempt in the window, if any. */
  lastError: string | null;
  lastErrorAt: string | null;
};

type Row = Omit<ToolStats, 'successRate'>;

/** Stats per tool (version null) and per tool version, for the given tools or, without ids, every tool called in the window. */
export async function readToolStats(sql: Sql, opts: { toolIds?: readonly string[]; window?: ToolStatsWindow } = {}): Promise<ToolStats[]> {
  const w = opts.window ?? DEFAULT_TOOL_STATS_WINDOW;
  if (opts.toolIds && !opts.toolIds.length) return [];
  const ids = opts.toolIds ? [...opts.toolIds] : null;
  const rows = await sql<Row[]>`
    with recent as (
      select tool_id, tool_version, status, started_at, finished_at, cost_usd, error,
        row_number() over (partition by tool_id order by started_at desc, id desc) as rn
      from step_runs
      where tool_id is not null and finished_at is not null and status in ('succeeded', 'failed', 'ambiguous', 'interrupted')
        and started_at >= now() - make_interval(days => ${w.days}::int)
        and (${ids}::uuid[] is null or tool_id = any(${ids}::uuid[]))
    )
    select tool_id as "toolId", tool_version as "version",
      count(*)::int as calls,
      (count(*) filter (where status = 'succeeded'))::int as succeeded,
      coalesce(percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at) * 1000), 0)::float8 as "p50Ms",
      coalesce(percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at) * 1000), 0)::float8 as "p95Ms",
      coalesce(sum(cost_usd), 0)::float8 as "costUsd",
      (array_agg(error->>'message' order by started_at desc) filter (where status <> 'succeeded'))[1] as "lastError",
      (max(started_at) filter (where status <> 'succeeded'))::text as "lastErrorAt"
    from recent
    where rn <= ${w.maxCalls}
    group by grouping sets ((tool_id), (tool_id, tool_version))
    having grouping(tool_version) = 1 or tool_version is not null
    order by tool_id, tool_version desc nulls first`;
  return rows.map((r) => ({ ...r, successRate: r.calls ? r.succeeded / r.calls : 0 }));
}
