import type { Edge, Flow, Step } from './types';

/** Adjacency of a flow, built once per version: edges by index, in and out per step. */
export type Graph = {
  steps: Map<string, Step>;
  edges: Edge[];
  outgoing: Map<string, number[]>;
  incoming: Map<string, number[]>;
  triggers: string[];
};

export function buildGraph(flow: Pick<Flow, 'steps' | 'edges'>, isTrigger: (type: string) => boolean): Graph {
  const steps = new Map(flow.steps.map((s) => [s.id, s]));
  const outgoing = new Map<string, number[]>();
  const incoming = new Map<string, number[]>();
  for (const s of flow.steps) {
    outgoing.set(s.id, []);
    incoming.set(s.id, []);
  }
  flow.edges.forEach((e, i) => {
    outgoing.get(e.from)?.push(i);
    incoming.get(e.to)?.push(i);
  });
  const triggers = flow.steps.filter((s) => isTrigger(s.type)).map((s) => s.id);
  return { steps, edges: flow.edges, outgoing, incoming, triggers };
}

/** Every step that can reach `id` (its upstream), not including itself. */
export function ancestors(g: Graph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const ei of g.incoming.get(cur) ?? []) {
      const from = g.edges[ei]!.from;
      if (!seen.has(from)) {
        seen.add(from);
        stack.push(from);
      }
    }
  }
  return seen;
}

/** Steps reachable from the triggers. */
export function reachableFromTriggers(g: Graph): Set<string> {
  const seen = new Set<string>(g.triggers);
  const stack = [...g.triggers];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const ei of g.outgoing.get(cur) ?? []) {
      const to = g.edges[ei]!.to;
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen;
}

/** One cycle as a list of step ids, if the graph has any (loops are a construct, not back edges). */
export function findCycle(g: Graph): string[] | null {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 1);
    path.push(id);
    for (const ei of g.outgoing.get(id) ?? []) {
      const to = g.edges[ei]!.to;
      if (!g.steps.has(to)) continue;
      if (state.get(to) === 1) return [...path.slice(path.indexOf(to)), to];
      if (!state.has(to)) {
        const c = visit(to);
        if (c) return c;
      }
    }
    path.pop();
    state.set(id, 2);
    return null;
  };
  for (const id of g.steps.keys()) {
    if (!state.has(id)) {
      const c = visit(id);
      if (c) return c;
    }
  }
  return null;
}
