'use client';
import { create } from 'zustand';
import type { EdgeInput as Edge, FlowInput, StepInput as Step } from '@/lib/workflow/types';
import { moveEdgesOnPortChange, stepPorts } from '@/lib/workflow/step-ports';

type Doc = FlowInput;
const HISTORY = 100;

/**
 * The editor's graph store: the flow document, the selection and undo/redo. React Flow's
 * nodes and edges are derived from it; autosave watches `version` (bumped on every change).
 */
export type FlowStore = {
  doc: Doc;
  selected: string | null;
  past: Doc[];
  future: Doc[];
  version: number;
  /** The last seen input of each step (from a test run), for live expression previews. */
  samples: Record<string, unknown>;
  setSample: (stepId: string, input: unknown) => void;
  load: (doc: Doc) => void;
  change: (fn: (doc: Doc) => Doc, opts?: { record?: boolean }) => void;
  select: (id: string | null) => void;
  undo: () => void;
  redo: () => void;
  addStep: (step: Step) => void;
  updateStep: (id: string, patch: Partial<Step>) => void;
  removeSteps: (ids: string[]) => void;
  addEdge: (edge: Edge) => void;
  removeEdges: (keys: string[]) => void;
};

export const edgeKey = (e: Pick<Edge, 'from' | 'to' | 'port'>) => `${e.from}:${e.port ?? 'out'}->${e.to}`;

export const useFlowStore = create<FlowStore>((set, get) => ({
  doc: { version: 1, steps: [], edges: [] },
  selected: null,
  past: [],
  future: [],
  version: 0,
  samples: {},
  setSample: (stepId, input) => set((s) => ({ samples: { ...s.samples, [stepId]: input } })),
  load: (doc) => set({ doc, past: [], future: [], selected: null, version: 0 }),
  change: (fn, opts = { record: true }) => {
    const prev = get().doc;
    const next = fn(prev);
    if (next === prev) return;
    set((s) => ({ doc: next, past: opts.record === false ? s.past : [...s.past.slice(-HISTORY + 1), prev], future: opts.record === false ? s.future : [], version: s.version + 1 }));
  },
  select: (id) => set({ selected: id }),
  undo: () => {
    const { past, doc, future } = get();
    const prev = past.at(-1);
    if (!prev) return;
    set((s) => ({ doc: prev, past: past.slice(0, -1), future: [doc, ...future], version: s.version + 1 }));
  },
  redo: () => {
    const { past, doc, future } = get();
    const next = future[0];
    if (!next) return;
    set((s) => ({ doc: next, past: [...past, doc], future: future.slice(1), version: s.version + 1 }));
  },
  addStep: (step) => get().change((d) => ({ ...d, steps: [...d.steps, step] })),
  // A config change can change the step's ports: its edges move with them, or stay to be flagged.
  updateStep: (id, patch) => get().change((d) => {
    const old = d.steps.find((s) => s.id === id);
    if (!old) return d;
    const next = { ...old, ...patch };
    const edges = 'config' in patch || 'type' in patch ? moveEdgesOnPortChange(d.edges, id, stepPorts(old), stepPorts(next)) : d.edges;
    return { ...d, steps: d.steps.map((s) => (s.id === id ? next : s)), edges };
  }),
  removeSteps: (ids) =>
    get().change((d) => ({ ...d, steps: d.steps.filter((s) => !ids.includes(s.id)), edges: d.edges.filter((e) => !ids.includes(e.from) && !ids.includes(e.to)) })),
  addEdge: (edge) => get().change((d) => ({ ...d, edges: [...d.edges, edge] })),
  removeEdges: (keys) => get().change((d) => ({ ...d, edges: d.edges.filter((e) => !keys.includes(edgeKey(e))) })),
}));

/** A fresh id for a new step of a type: "transform_2", unique in the document. */
export function newStepId(doc: Doc, type: string): string {
  const base = type.replace(/-/g, '_');
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!doc.steps.some((s) => s.id === id)) return id;
  }
}
