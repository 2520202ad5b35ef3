import 'server-only';
import type { Sql } from '@/db/client';
import { readToolStats } from '@/db/queries/tool-stats';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import { applyAutoOrder, autoOrderToolIds, type ToolRank } from './auto-order';

/** Figures younger than this are reused: a burst of runs does not read step_runs once each. */
const RANK_TTL_MS = 10_000;
const ranks = new Map<string, { at: number; rank: ToolRank | undefined }>();

/**
 * The prepared flow a run starts (or resumes) with: Tool call steps under `order: auto` get their
 * alternatives sorted by the tools' live figures, read now (or within the last 10 s). A failed read
 * keeps the listed order: reordering is an optimisation, never a reason not to run.
 */
export async function withLiveToolOrder(sql: Sql, prepared: PreparedFlow): Promise<PreparedFlow> {
  const ids = autoOrderToolIds(prepared);
  if (!ids.length) return prepared;
  const now = Date.now();
  const stale = ids.filter((id) => (ranks.get(id)?.at ?? -Infinity) < now - RANK_TTL_MS);
  if (stale.length) {
    try {
      const stats = await readToolStats(sql, { toolIds: stale });
      for (const id of stale) {
        const s = stats.find((x) => x.toolId === id && x.version === null);
        ranks.set(id, { at: now, rank: s ? { successRate: s.successRate, p50Ms: s.p50Ms } : undefined });
      }
    } catch {
      return prepared;
    }
  }
  return applyAutoOrder(prepared, (id) => ranks.get(id)?.rank);
}
