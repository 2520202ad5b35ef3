import 'server-only';
import type { Sql } from '@/db/client';
import { loadVersionDefinition } from '@/db/queries/flow-runtime';
import { prepareFlow, type PreparedFlow } from '@/lib/workflow/prepare';

/**
 * Prepared (validated, compiled) flows by version id. Versions are immutable, so an entry never
 * goes stale: each version is parsed and compiled once per process, never per run.
 */
const cache = new Map<string, Promise<PreparedFlow>>();
const MAX = 500;

export function getPreparedVersion(sql: Sql, versionId: string): Promise<PreparedFlow> {
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
