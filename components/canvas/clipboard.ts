import type { EdgeInput, FlowInput, StepInput } from '@/lib/workflow/types';

const KEY = 'baton.clipboard';
export type Clip = { steps: StepInput[]; edges: EdgeInput[] };

/** The selected steps and the connections among them; kept in localStorage so it works across flows. */
export function copySteps(doc: FlowInput, ids: string[]): Clip {
  const set = new Set(ids);
  const clip = { steps: doc.steps.filter((s) => set.has(s.id)), edges: doc.edges.filter((e) => set.has(e.from) && set.has(e.to)) };
  localStorage.setItem(KEY, JSON.stringify(clip));
  return clip;
}

export function readClipboard(): Clip | null {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Clip | null;
    return v && Array.isArray(v.steps) ? v : null;
  } catch {
    return null;
  }
}

/** Pastes with fresh ids (so nothing collides) and an offset, returning the new ids. */
export function pasteInto(doc: FlowInput, clip: Clip, offset = 40): { doc: FlowInput; ids: string[] } {
  const taken = new Set(doc.steps.map((s) => s.id));
  const rename = new Map<string, string>();
  for (const s of clip.steps) {
    let n = 1;
    let id = `${s.id}_copy`;
    while (taken.has(id)) id = `${s.id}_copy${++n}`;
    taken.add(id);
    rename.set(s.id, id);
  }
  const steps = clip.steps.map((s) => ({ ...structuredClone(s), id: rename.get(s.id)!, position: s.position ? { x: s.position.x + offset, y: s.position.y + offset } : undefined }));
  const edges = clip.edges.map((e) => ({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }));
  return { doc: { ...doc, steps: [...doc.steps, ...steps], edges: [...doc.edges, ...edges] }, ids: steps.map((s) => s.id) };
}
