import type { FlowInput } from './types';
import type { JsonSchema } from './contracts';
import { declaredContract } from './prepare';
import { getDefinition } from '@/lib/steps/definitions';
import { FUNCTIONS } from '@/lib/expr/functions';

/** A path an expression in a step may read, with what is known about it. */
export type ScopePath = { path: string; detail: string };

const MAX_DEPTH = 4;
const MAX_KEYS = 50;

function fromSchema(prefix: string, s: JsonSchema | undefined, out: Map<string, string>, depth = 0) {
  if (!s || depth > MAX_DEPTH) return;
  const props = s.properties;
  if (typeof props !== 'object' || props === null) return;
  for (const [k, sub] of Object.entries(props).slice(0, MAX_KEYS)) {
    const path = `${prefix}.${k}`;
    const t = (sub as JsonSchema)?.type;
    out.set(path, Array.isArray(t) ? t.join(' | ') : typeof t === 'string' ? t : 'any');
    fromSchema(path, sub as JsonSchema, out, depth + 1);
  }
}

function fromSample(prefix: string, v: unknown, out: Map<string, string>, depth = 0) {
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [k, x] of Object.entries(v).slice(0, MAX_KEYS)) {
    const path = `${prefix}.${k}`;
    if (!out.has(path)) out.set(path, `${Array.isArray(x) ? 'list' : x === null ? 'null' : typeof x} (last run)`);
    fromSample(path, x, out, depth + 1);
  }
}

/**
 * Everything an expression in `stepId` may read: `input`, `steps.<upstream>.output`, `trigger.body`,
 * `run`, and functions, with paths below them from declared schemas (contracts, trigger schemas)
 * and from the last run's data (`samples`: each step's last input). Feeds the editor's completion.
 */
export function scopePaths(doc: FlowInput, stepId: string, samples: Record<string, unknown>): ScopePath[] {
  const out = new Map<string, string>([['input', 'this step\'s input'], ['run.id', 'string'], ['run.startedAt', 'string']]);
  const preds = (id: string) => doc.edges.filter((e) => e.to === id && (e.port ?? 'out') !== 'error').map((e) => e.from);
  const byId = new Map(doc.steps.map((s) => [s.id, s]));
  // A step's last output is the last input of a step it alone feeds.
  const sampleOutput = (id: string) => {
    const next = doc.edges.find((e) => e.from === id && (e.port ?? 'out') !== 'error' && preds(e.to).length === 1 && e.to in samples);
    return next ? samples[next.to] : undefined;
  };

  const only = preds(stepId);
  if (only.length === 1) fromSchema('input', declaredContract(byId.get(only[0]!) ?? { type: '' }).output, out);
  fromSample('input', samples[stepId], out);

  const seen = new Set<string>();
  const stack = [...only];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...preds(id));
    const step = byId.get(id);
    if (!step) continue;
    const trigger = getDefinition(step.type)?.effect === 'trigger';
    const base = trigger ? 'trigger.body' : `steps.${id}.output`;
    out.set(base, trigger ? 'the trigger\'s body' : `output of ${step.name ?? id}`);
    fromSchema(base, declaredContract(step).output, out);
    fromSample(base, sampleOutput(id), out);
  }
  for (const name of Object.keys(FUNCTIONS)) out.set(`${name}()`, 'function');
  return [...out.entries()].map(([path, detail]) => ({ path, detail }));
}

/**
 * Completions for the token before the cursor: `steps.kyc.output.sc` offers the next segments
 * of known paths that start with `steps.kyc.output.` and match `sc`. `from` is where the
 * replaced segment starts, relative to the token.
 */
export function completeToken(token: string, paths: ScopePath[]): { from: number; options: ScopePath[] } {
  const dot = token.lastIndexOf('.');
  const head = dot >= 0 ? token.slice(0, dot + 1) : '';
  const partial = token.slice(dot + 1);
  const options = new Map<string, string>();
  for (const p of paths) {
    if (!p.path.startsWith(head)) continue;
    const segment = p.path.slice(head.length).split('.')[0]!;
    if (segment.startsWith(partial) && !options.has(segment)) options.set(segment, p.path === head + segment ? p.detail : 'object');
  }
  return { from: head.length, options: [...options.entries()].map(([path, detail]) => ({ path, detail })) };
}
