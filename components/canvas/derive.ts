import type { Edge as RFEdge } from '@xyflow/react';
import type { FlowInput } from '@/lib/workflow/types';
import type { FlowIssue } from '@/lib/workflow/prepare';
import { getDefinition } from '@/lib/steps/definitions';
import type { CanvasNode, StepNodeType } from './step-node';
import { NOTE_PREFIX } from './note-node';
import { edgeKey } from './flow-store';
import { danglingPorts, stepPorts } from '@/lib/workflow/step-ports';

/** Policy badges shown on a node: what it will do when things go wrong. */
function badges(step: FlowInput['steps'][number]): string[] {
  const p = step.policy;
  const out: string[] = step.pinned ? ['pinned'] : [];
  if (!p) return out;
  if (p.retry && (p.retry.maxAttempts ?? 1) > 1) out.push(`retry ×${p.retry.maxAttempts}`);
  if (p.timeoutMs) out.push(`timeout ${p.timeoutMs / 1000}s`);
  if (p.alternatives?.length) out.push(`${p.alternatives.length} alt`);
  if (p.confidence) out.push(`conf ≥ ${p.confidence.threshold}`);
  if (p.escalation) out.push('review');
  return out;
}

/** React Flow nodes and edges, derived from the document (never stored separately). */
export function deriveGraph(doc: FlowInput, issues: FlowIssue[], status: Record<string, { status: string; detail?: string }> = {}) {
  // Ports once per step: edges check theirs against it (an unknown source step counts as fine).
  const portsOf = new Map(doc.steps.map((s) => [s.id, stepPorts(s)]));
  const outgoing = new Map<string, FlowInput['edges']>();
  for (const e of doc.edges) outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
  const nodes: StepNodeType[] = doc.steps.map((s, i) => {
    const def = getDefinition(s.type);
    const ports = portsOf.get(s.id)!;
    return {
      id: s.id,
      type: 'step',
      position: s.position ?? { x: 80 + i * 220, y: 120 },
      data: {
        label: s.name || s.id,
        typeLabel: def?.label ?? `Unknown type "${s.type}"`,
        category: def?.category ?? 'Unknown',
        ports,
        // Ports its edges use that it no longer has: drawn on flagged handles, so every edge shows.
        dangling: danglingPorts(outgoing.get(s.id) ?? [], s.id, ports),
        hasInput: def?.effect !== 'trigger',
        hasError: def ? def.effect !== 'trigger' : false,
        issues: issues.filter((x) => x.stepId === s.id).map((x) => x.message),
        badges: badges(s),
        disabled: !!s.disabled,
        status: status[s.id]?.status,
        detail: status[s.id]?.detail,
      },
    };
  });
  const notes: CanvasNode[] = (doc.notes ?? []).map((n) => ({ id: `${NOTE_PREFIX}${n.id}`, type: 'note', position: n.position, data: { noteId: n.id, text: n.text }, zIndex: -1 }));
  const edges: RFEdge[] = doc.edges.map((e) => ({
    id: edgeKey(e),
    source: e.from,
    target: e.to,
    sourceHandle: e.port ?? 'out',
    targetHandle: 'in',
    label: e.label ?? ((e.port ?? 'out') === 'out' ? undefined : e.port),
    style: e.port === 'error' ? { stroke: '#ef4444', strokeDasharray: '4 3' } : portsOf.get(e.from)?.includes(e.port ?? 'out') === false ? { stroke: '#dc2626', strokeWidth: 2 } : undefined,
  }));
  return { nodes: [...notes, ...nodes] as CanvasNode[], edges };
}
