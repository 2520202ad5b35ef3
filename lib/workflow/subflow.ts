import type { FlowInput } from './types';

/**
 * The part of a flow needed to run up to `stepId`: the step and everything upstream of it,
 * with the connections among them. "Run up to here" runs this as a test run.
 */
export function upTo(doc: FlowInput, stepId: string): FlowInput {
  const keep = new Set([stepId]);
  const stack = [stepId];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const e of doc.edges) if (e.to === cur && !keep.has(e.from)) {
      keep.add(e.from);
      stack.push(e.from);
    }
  }
  return { ...doc, steps: doc.steps.filter((s) => keep.has(s.id)), edges: doc.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
