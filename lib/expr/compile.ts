import jsep from 'jsep';
import { FUNCTIONS, describe } from './functions';

/** What expressions can read. `now` is fixed once per run and recorded, so re-evaluation agrees. */
export type Scope = {
  input: unknown;
  steps: Record<string, { output: unknown } | undefined>;
  trigger: unknown;
  run: { id: string; startedAt: string };
  now: string;
  item?: unknown;
  index?: number;
};
export type Evaluator = (scope: Scope) => unknown;

export class ExpressionError extends Error {
  readonly kind = 'ExpressionError';
  constructor(message: string, readonly expression?: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const ROOTS = new Set(['input', 'steps', 'trigger', 'run', 'item', 'index']);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

type Node = jsep.Expression & Record<string, unknown>;

/** A compiled expression and the upstream steps it reads (`steps.<id>`), for validation. */
export type CompiledExpression = { evaluate: Evaluator; stepRefs: string[]; roots: string[] };

/**
 * Parses with jsep (syntax only) and compiles the tree into closures that can only read own
 * properties of JSON data and call the whitelisted functions: no eval, no prototype access.
 */
export function compileExpression(source: string): CompiledExpression {
  let ast: Node;
  try {
    ast = jsep(source) as Node;
  } catch (err) {
    throw new ExpressionError(`Cannot parse "${source}": ${(err as Error).message}`, source);
  }
  const stepRefs = new Set<string>();
  const roots = new Set<string>();
  const evaluate = compileNode(ast, source, stepRefs, roots);
  return { evaluate, stepRefs: [...stepRefs], roots: [...roots] };
}

function compileNode(node: Node, src: string, refs: Set<string>, roots: Set<string>): Evaluator {
  const c = (n: unknown) => compileNode(n as Node, src, refs, roots);
  switch (node.type) {
    case 'Literal': {
      const value = node.value;
      return () => value;
    }
    case 'Identifier': {
      const name = node.name as string;
      if (name === 'undefined') return () => null;
      if (!ROOTS.has(name)) throw new ExpressionError(`Unknown name "${name}": use input, steps, trigger, run, item or a function call`, src);
      roots.add(name);
      const key = name as keyof Scope;
      return (s) => s[key];
    }
    case 'MemberExpression': {
      const object = c(node.object);
      const prop = node.property as Node;
      if (!node.computed) {
        const name = prop.name as string;
        checkName(name, src);
        recordStepRef(node, refs);
        return (s) => readProp(object(s), name, src);
      }
      if (prop.type === 'Literal') {
        const name = prop.value as string | number;
        checkName(String(name), src);
        recordStepRef(node, refs);
        return (s) => readProp(object(s), name, src);
      }
      const key = c(prop);
      return (s) => {
        const k = key(s);
        if (typeof k !== 'string' && typeof k !== 'number') throw new ExpressionError(`A [key] must be text or a number, got ${describe(k)}`, src);
        checkName(String(k), src);
        return readProp(object(s), k, src);
      };
    }
    case 'UnaryExpression': {
      const arg = c(node.argument);
      switch (node.operator) {
        case '!': return (s) => !arg(s);
        case '-': return (s) => -(arg(s) as number);
        case '+': return (s) => +(arg(s) as number);
        default: throw new ExpressionError(`Operator "${node.operator}" is not supported`, src);
      }
    }
    case 'BinaryExpression': {
      const l = c(node.left);
      const r = c(node.right);
      const op = binary[node.operator as string];
      if (!op) throw new ExpressionError(`Operator "${node.operator}" is not supported`, src);
      if (node.operator === '&&') return (s) => l(s) && r(s);
      if (node.operator === '||') return (s) => l(s) || r(s);
      if (node.operator === '??') return (s) => l(s) ?? r(s);
      return (s) => op(l(s), r(s));
    }
    case 'ConditionalExpression': {
      const t = c(node.test);
      const a = c(node.consequent);
      const b = c(node.alternate);
      return (s) => (t(s) ? a(s) : b(s));
    }
    case 'ArrayExpression': {
      const items = (node.elements as Node[]).map(c);
      return (s) => items.map((f) => f(s));
    }
    case 'CallExpression': {
      const callee = node.callee as Node;
      if (callee.type !== 'Identifier') throw new ExpressionError('Only library functions can be called, like upper(x); methods like x.f() are not available', src);
      const name = callee.name as string;
      const args = (node.arguments as Node[]).map(c);
      if (name === 'now') return (s) => s.now;
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn) throw new ExpressionError(`Unknown function "${name}()"`, src);
      return (s) => {
        try {
          return fn(...args.map((a) => a(s)));
        } catch (err) {
          throw new ExpressionError((err as Error).message, src);
        }
      };
    }
    default:
      throw new ExpressionError(`This kind of expression (${node.type}) is not supported`, src);
  }
}

function checkName(name: string, src: string) {
  if (FORBIDDEN.has(name)) throw new ExpressionError(`"${name}" cannot be accessed`, src);
}

/** `steps.<id>` (dot or ['id']) names an upstream step: remember it for validation. */
function recordStepRef(node: Node, refs: Set<string>) {
  const obj = node.object as Node;
  if (obj.type === 'Identifier' && obj.name === 'steps') {
    const prop = node.property as Node;
    refs.add(String(node.computed ? prop.value : prop.name));
  }
}

function readProp(target: unknown, key: string | number, src: string): unknown {
  if (target === null || target === undefined) return null;
  if (typeof target === 'string') {
    if (key === 'length') return target.length;
    return typeof key === 'number' ? (target[key] ?? null) : null;
  }
  if (Array.isArray(target)) {
    if (key === 'length') return target.length;
    const i = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    return Number.isInteger(i) ? (target[i < 0 ? target.length + i : i] ?? null) : null;
  }
  if (typeof target === 'object') {
    return Object.hasOwn(target, key) ? ((target as Record<string | number, unknown>)[key] ?? null) : null;
  }
  void src;
  return null;
}

const binary: Record<string, (a: unknown, b: unknown) => unknown> = {
  '+': (a, b) => (a as number) + (b as number),
  '-': (a, b) => (a as number) - (b as number),
  '*': (a, b) => (a as number) * (b as number),
  '/': (a, b) => (a as number) / (b as number),
  '%': (a, b) => (a as number) % (b as number),
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
  '&&': () => undefined,
  '||': () => undefined,
  '??': () => undefined,
};
