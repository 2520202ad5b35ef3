import type { FlowInput } from '@/lib/workflow/types';
import { getDefinition } from '@/lib/steps/definitions';
import { declaredContract } from '@/lib/workflow/prepare';
import { contractGaps } from '@/lib/workflow/contracts';

/**
 * Checks a connection the user is drawing, before it exists: returns the reason it is refused,
 * or null. Mirrors the validator's rules for edges so the canvas never holds an invalid one.
 */
export function connectionProblem(doc: FlowInput, from: string, port: string, to: string): string | null {
  if (from === to) return 'A step cannot connect to itself.';
  const target = doc.steps.find((s) => s.id === to);
  if (!target) return 'That step no longer exists.';
  if (getDefinition(target.type)?.effect === 'trigger') return 'A trigger starts the flow; nothing can connect into it.';
  if (doc.edges.some((e) => e.from === from && (e.port ?? 'out') === port && e.to === to)) return 'These steps are already connected that way.';
  const source = doc.steps.find((s) => s.id === from);
  if (source && port !== 'error' && getDefinition(target.type)?.join !== 'merge') {
    const out = declaredContract(source).output;
    const inp = declaredContract(target).input;
    const gap = out && inp ? contractGaps(out, inp)[0] : undefined;
    if (gap) return `The contracts do not fit: ${gap}.`;
  }
  // Would the new edge close a loop? Look for a path back from `to` to `from`.
  const stack = [to];
  const seen = new Set<string>();
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur === from) return 'This connection would make a cycle; use a loop step to repeat work.';
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const e of doc.edges) if (e.from === cur) stack.push(e.to);
  }
  return null;
}
