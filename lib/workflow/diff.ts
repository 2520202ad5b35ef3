import type { FlowInput } from './types';

export type FlowDiff = { added: string[]; removed: string[]; changed: string[]; connections: number };

/** What changed between two versions of a flow, by step id (positions alone do not count). */
export function diffFlows(before: FlowInput | null, after: FlowInput): FlowDiff {
  const strip = (s: FlowInput['steps'][number]) => JSON.stringify({ ...s, position: undefined });
  const old = new Map((before?.steps ?? []).map((s) => [s.id, strip(s)]));
  const now = new Map(after.steps.map((s) => [s.id, strip(s)]));
  const key = (e: FlowInput['edges'][number]) => `${e.from}:${e.port ?? 'out'}>${e.to}:${e.label ?? ''}`;
  const oldEdges = new Set((before?.edges ?? []).map(key));
  const newEdges = new Set(after.edges.map(key));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    connections: [...newEdges].filter((e) => !oldEdges.has(e)).length + [...oldEdges].filter((e) => !newEdges.has(e)).length,
  };
}

export function describeDiff(d: FlowDiff): string {
  const parts = [
    d.added.length ? `added ${d.added.join(', ')}` : '',
    d.removed.length ? `removed ${d.removed.join(', ')}` : '',
    d.changed.length ? `changed ${d.changed.join(', ')}` : '',
    d.connections ? `${d.connections} connection change${d.connections > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'no changes';
}
