import { getDefinition } from '@/lib/steps/definitions';
import type { EdgeInput, StepInput } from './types';

const isPort = (p: unknown): p is string => typeof p === 'string' && p.length > 0;

/**
 * The output ports a step shows (besides "error"): from its config when the config is valid, else
 * whatever its type can tell from the config as it stands (an If step has true/false before its
 * condition is written), else "out". The canvas and the edge mover agree by both using this.
 */
export function stepPorts(step: Pick<StepInput, 'type' | 'config'>): string[] {
  const def = getDefinition(step.type);
  if (!def) return ['out'];
  const cfg = def.configSchema.safeParse(step.config ?? {});
  if (cfg.success) return def.ports(cfg.data);
  try {
    const ports = def.ports((step.config ?? {}) as never).filter(isPort);
    if (ports.length) return [...new Set(ports)];
  } catch {
    /* the type's ports need a valid config: show the default port until then */
  }
  return ['out'];
}

/**
 * A step's edges after its output ports changed from `before` to `after`. When the change is
 * unambiguous (exactly one port went away and at least one came), its edges move to the first new
 * port ("out" → "true" when an If step gets its condition, a renamed Switch case); otherwise they
 * stay where they are, and the canvas draws them on a flagged "missing" handle for the analyst to
 * reconnect or delete. "out", the default port, always moves to the first port of a step that has
 * no "out" (an edge drawn from an incomplete step by an older editor). Never drops an edge, never
 * makes a duplicate; returns `edges` itself when nothing moves.
 */
export function moveEdgesOnPortChange(edges: EdgeInput[], stepId: string, before: string[], after: string[]): EdgeInput[] {
  const gone = before.filter((p) => !after.includes(p));
  const came = after.filter((p) => !before.includes(p));
  let out = edges;
  if (gone.length === 1 && came.length > 0) out = movePort(out, stepId, gone[0]!, came[0]!);
  if (!after.includes('out') && after.length) out = movePort(out, stepId, 'out', after[0]!);
  return out;
}

function movePort(edges: EdgeInput[], stepId: string, from: string, to: string): EdgeInput[] {
  const mine = (e: EdgeInput, port: string) => e.from === stepId && (e.port ?? 'out') === port;
  if (!edges.some((e) => mine(e, from))) return edges;
  const taken = new Set(edges.filter((e) => mine(e, to)).map((e) => e.to));
  return edges.map((e) => (mine(e, from) && !taken.has(e.to) ? { ...e, port: to } : e));
}

/** Ports a step's edges use that the step does not have (not counting "error"): drawn flagged. */
export function danglingPorts(edges: EdgeInput[], stepId: string, ports: string[]): string[] {
  const used = edges.filter((e) => e.from === stepId).map((e) => e.port ?? 'out');
  return [...new Set(used.filter((p) => p !== 'error' && !ports.includes(p)))];
}
