import 'server-only';
import type { Sql } from '@/db/client';
import { loadVersionDefinition } from '@/db/queries/flow-runtime';
import { prepareFlow, type PreparedFlow } from '@/lib/workflow/prepare';
import { withLiveToolOrder } from '@/lib/tools/live-order';

/**
 * Prepared (validated, compiled) flows by version id. Versions are immutable, so an entry never
 * goes stale: each version is parsed and compiled once per process, never per run.
 */
const cache = new Map<string, Promise<PreparedFlow>>();
const MAX = 500;

/**
 * The version as a run starts or resumes it: compiled once (cached), then Tool call steps under
 * `order: auto` sorted by live tool figures (lib/tools/live-order.ts; a no-op for other flows).
 */
export async function getPreparedVersion(sql: Sql, versionId: string): Promise<PreparedFlow> {
  return withLiveToolOrder(sql, await compiledVersion(sql, versionId));
}

function compiledVersion(sql: Sql, versionId: string): Promise<PreparedFlow> {
  let hit = cache.get(versionId);
  if (!hit) {
    hit = loadVersionDefinition(sql, versionId).then((def) => {
      if (def === undefined) throw new Error(`flow version ${versionId} not found`);
      const r = prepareFlow(def);
      if (!r.ok) throw new Error(`flow version ${versionId} does not validate: ${r.issues.map((i) => i.message).join('; ')}`);
      return r.prepared;
    });
    hit.catch(() => cache.delete(versionId));
    if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
    cache.set(versionId, hit);
  }
  return hit;
}
