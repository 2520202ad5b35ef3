import jsep from 'jsep';
import type { FlowInput, StepInput } from './types';
import type { JsonSchema } from './contracts';
import { declaredContract } from './prepare';
import { getDefinition } from '@/lib/steps/definitions';

/** A path an expression reads that cannot exist in what reaches it: worth a warning, not a block. */
export type PathWarning = { stepId: string; message: string };

const MARK = /\{\{([\s\S]*?)\}\}/g;
type Node = jsep.Expression & Record<string, unknown>;

/** Member chains an expression reads from `input` or `steps.<id>.output`: ['input', 'score']. */
export function readPaths(source: string): string[][] {
  let ast: Node;
  try {
    ast = jsep(source) as Node;
  } catch {
    return []; // the validator reports what does not parse
  }
  const out: string[][] = [];
  const chain = (n: Node): string[] | null => {
    if (n.type === 'Identifier') return [n.name as string];
    if (n.type !== 'MemberExpression') return null;
    const head = chain(n.object as Node);
    const p = n.property as Node;
    const key = !n.computed ? (p.name as string) : p.type === 'Literal' ? String(p.value) : null;
    return head && key !== null ? [...head, key] : null;
  };
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    const c = node.type === 'MemberExpression' ? chain(node) : null;
    if (c) return void out.push(c); // a whole static chain; its parts are not separate reads
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  walk(ast);
  return out;
}

function templates(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(MARK)) out.push(m[1]!.trim());
  else if (Array.isArray(value)) value.forEach((v) => templates(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => templates(v, out));
  return out;
}

type Shape = { schema?: JsonSchema; sample?: unknown; what: string };

/** What a step's output is known to look like: its pinned sample, else its declared output schema. */
function shapeOf(step: StepInput): Shape | null {
  const who = `"${step.name || step.id}"`;
  if (step.pinned && step.pinned.output !== undefined) return { sample: step.pinned.output, what: `the pinned sample of ${who}` };
  const schema = declaredContract(step).output;
  return schema ? { schema, what: `the output of ${who}` } : null;
}

/** The first segment of `path` the shape rules out, with the keys it does have; null when it may exist. */
function missing(shape: Shape, path: string[]): { at: number; has: string[] } | null {
  let schema = shape.schema;
  let sample = shape.sample;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (shape.sample !== undefined) {
      if (!sample || typeof sample !== 'object' || Array.isArray(sample)) return null;
      if (!Object.hasOwn(sample, seg)) return { at: i, has: Object.keys(sample) };
      sample = (sample as Record<string, unknown>)[seg];
    } else {
      const props = schema?.properties as Record<string, JsonSchema> | undefined;
      if (!schema || !props || typeof props !== 'object') return null;
      if (!Object.hasOwn(props, seg)) return schema.additionalProperties === false ? { at: i, has: Object.keys(props) } : null;
      schema = props[seg];
    }
  }
  return null;
}

/**
 * Expressions that read a path the upstream output cannot have: `{{ input.score }}` after an HTTP
 * request, whose output is {status, headers, body}. Judged against the single predecessor's pinned
 * sample or declared (closed) output schema, and likewise for `steps.<id>.output`. These evaluate
 * to nothing at run time without an error, which is why the editor says so.
 */
export function pathWarnings(doc: FlowInput): PathWarning[] {
  const byId = new Map(doc.steps.map((s) => [s.id, s]));
  const warnings: PathWarning[] = [];
  for (const step of doc.steps) {
    const def = getDefinition(step.type);
    if (!def || def.effect === 'trigger' || def.join === 'merge') continue;
    const config = { ...(step.config ?? {}) };
    if (step.type === 'code') delete config.code; // code, not a template
    const preds = doc.edges.filter((e) => e.to === step.id && (e.port ?? 'out') !== 'error').map((e) => byId.get(e.from));
    const pred = preds.length === 1 ? preds[0] : undefined;
    const seen = new Set<string>();
    for (const src of templates(config)) {
      for (const path of readPaths(src)) {
        const [root, id, out, ...rest] = path;
        const target = root === 'input' ? pred : root === 'steps' && out === 'output' ? byId.get(id!) : undefined;
        const sub = root === 'input' ? path.slice(1) : rest;
        if (!target || !sub.length) continue;
        const shape = shapeOf(target);
        const gap = shape && missing(shape, sub);
        if (!gap) continue;
        const shown = (root === 'input' ? ['input'] : ['steps', id!, 'output']).concat(sub.slice(0, gap.at + 1)).join('.');
        if (seen.has(shown)) continue;
        seen.add(shown);
        warnings.push({ stepId: step.id, message: `${shown} cannot exist: ${shape.what} has only ${gap.has.length ? gap.has.join(', ') : 'no fields'}${root === 'input' && target.type === 'http-request' ? ' (the response is in input.body)' : ''}` });
      }
    }
  }
  return warnings;
}
