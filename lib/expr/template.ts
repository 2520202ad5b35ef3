import { compileExpression, ExpressionError, type Evaluator, type Scope } from './compile';

const MARK = /\{\{([\s\S]*?)\}\}/g;

export type CompiledValue = { evaluate: Evaluator; isStatic: boolean; stepRefs: string[]; roots: string[] };

/** Whether a config value (deeply) contains any `{{ }}` expression. */
export const hasExpression = (s: string) => s.includes('{{');

/**
 * Compiles a text field. Exactly one `{{ expr }}` and nothing else yields the value with its
 * type (number, object, list); text around or between expressions renders a string.
 */
export function compileTemplate(text: string): CompiledValue {
  const parts: (string | Evaluator)[] = [];
  const stepRefs = new Set<string>();
  const roots = new Set<string>();
  let last = 0;
  for (const m of text.matchAll(MARK)) {
    const src = m[1]!.trim();
    if (!src) throw new ExpressionError('Empty {{ }} in text', text);
    const compiled = compileExpression(src);
    compiled.stepRefs.forEach((r) => stepRefs.add(r));
    compiled.roots.forEach((r) => roots.add(r));
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(compiled.evaluate);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  const meta = { stepRefs: [...stepRefs], roots: [...roots] };
  if (parts.length === 0) return { evaluate: () => '', isStatic: true, ...meta };
  const core = parts.filter((p, i) => !(typeof p === 'string' && p.trim() === '' && (i === 0 || i === parts.length - 1)));
  if (core.length === 1 && typeof core[0] === 'function') return { evaluate: core[0], isStatic: false, ...meta };
  if (parts.every((p) => typeof p === 'string')) {
    const s = parts.join('');
    return { evaluate: () => s, isStatic: true, ...meta };
  }
  return {
    evaluate: (scope: Scope) => {
      let out = '';
      for (const p of parts) out += typeof p === 'string' ? p : stringify(p(scope));
      return out;
    },
    isStatic: false,
    ...meta,
  };
}

function stringify(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Compiles any JSON config value: strings may hold templates, objects and lists are walked.
 * A static value evaluates to itself (shared, never mutated by callers).
 */
export function compileValue(value: unknown): CompiledValue {
  if (typeof value === 'string') return hasExpression(value) ? compileTemplate(value) : { evaluate: () => value, isStatic: true, stepRefs: [], roots: [] };
  if (Array.isArray(value)) {
    const items = value.map(compileValue);
    return combine(items, (vals) => vals, value);
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const items = keys.map((k) => compileValue((value as Record<string, unknown>)[k]));
    return combine(items, (vals) => Object.fromEntries(keys.map((k, i) => [k, vals[i]])), value);
  }
  return { evaluate: () => value, isStatic: true, stepRefs: [], roots: [] };
}

function combine(items: CompiledValue[], build: (vals: unknown[]) => unknown, original: unknown): CompiledValue {
  const stepRefs = [...new Set(items.flatMap((i) => i.stepRefs))];
  const roots = [...new Set(items.flatMap((i) => i.roots))];
  if (items.every((i) => i.isStatic)) return { evaluate: () => original, isStatic: true, stepRefs, roots };
  return { evaluate: (s) => build(items.map((i) => i.evaluate(s))), isStatic: false, stepRefs, roots };
}
