import type { FlowInput, StepInput } from './types';
import { getDefinition } from '@/lib/steps/definitions';
import { fieldLabel } from './config-issues';

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

export type StepChange = { field: string; before: string; after: string };

const short = (v: unknown) => {
  const t = v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
};

/**
 * What differs in one step between two versions (config fields by their labels, then name,
 * policy, contract, pinned data, disabled), for a person choosing which version to re-run on.
 */
export function diffStep(before: StepInput | undefined, after: StepInput | undefined): StepChange[] {
  if (!before || !after) return before === after ? [] : [{ field: 'step', before: before ? 'present' : 'absent', after: after ? 'present' : 'absent' }];
  const def = getDefinition(after.type);
  const out: StepChange[] = [];
  const a = (before.config ?? {}) as Record<string, unknown>;
  const b = (after.config ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push({ field: def ? fieldLabel(def, k) : k, before: short(a[k]), after: short(b[k]) });
  }
  for (const k of ['type', 'name', 'policy', 'contract', 'pinned', 'disabled'] as const) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push({ field: k === 'pinned' ? 'pinned output' : k, before: short(before[k]), after: short(after[k]) });
  }
  return out;
}

/** The name an analyst gave a step, else its id: what timelines and comparisons show. */
export const stepName = (doc: Pick<FlowInput, 'steps'> | null | undefined, id: string) => doc?.steps.find((s) => s.id === id)?.name || id;
