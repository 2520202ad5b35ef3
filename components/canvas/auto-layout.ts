import type { FlowInput } from '@/lib/workflow/types';

const DX = 260;
const DY = 130;

/**
 * Layered left-to-right layout: each step's column is its longest distance from a source; rows
 * follow the order of first discovery so branches stay together. Cheap enough for 500 steps.
 */
export function autoLayout(doc: FlowInput): FlowInput {
  const incoming = new Map<string, string[]>();
  for (const s of doc.steps) incoming.set(s.id, []);
  for (const e of doc.edges) incoming.get(e.to)?.push(e.from);
  const layer = new Map<string, number>();
  const depth = (id: string, seen = new Set<string>()): number => {
    if (layer.has(id)) return layer.get(id)!;
    if (seen.has(id)) return 0; // cycles are a validation error; do not loop on them
    seen.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map((p) => depth(p, seen))) + 1;
    layer.set(id, d);
    return d;
  };
  doc.steps.forEach((s) => depth(s.id));
  const rows = new Map<number, number>();
  const steps = doc.steps.map((s) => {
    const col = layer.get(s.id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    return { ...s, position: { x: 80 + col * DX, y: 80 + row * DY } };
  });
  return { ...doc, steps };
}
