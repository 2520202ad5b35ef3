import { flowSchema, policySchema, retryPolicySchema, type Flow, type RetryPolicy, type Step, type StepPolicy } from './types';
import { ancestors, buildGraph, findCycle, reachableFromTriggers, type Graph } from './graph';
import { getDefinition } from '@/lib/steps/definitions';
import type { StepDefinition } from '@/lib/steps/types';
import { compileValue, type CompiledValue } from '@/lib/expr/template';
import { ExpressionError } from '@/lib/expr/compile';
import { contractGaps, schemaShapeProblems, type Contract } from './contracts';
import { explainConfigIssue } from './config-issues';

/** A located problem in a flow document: which step or edge, which field, what to fix. */
export type FlowIssue = { stepId?: string; edge?: number; field?: string; message: string };

/** One line for a person: where, then what. */
export const describeIssue = (i: FlowIssue) => `${i.stepId ? `step ${i.stepId}` : i.edge !== undefined ? `connection #${i.edge + 1}` : 'flow'}${i.field ? ` (${i.field})` : ''}: ${i.message}`;

export type PreparedStep = {
  step: Step;
  def: StepDefinition;
  config: unknown;
  /** Resolves the config's expressions against a scope; alternatives likewise. */
  compiled: CompiledValue;
  alternatives: CompiledValue[];
  policy: StepPolicy & { retry: RetryPolicy };
  ports: string[];
  /** Declared schemas of its input and output, if any. */
  contract: Contract;
};

/** A flow validated and compiled once per version: graph indexes, step configs, expressions. */
export type PreparedFlow = { flow: Flow; graph: Graph; steps: Map<string, PreparedStep> };

export type PrepareResult = { ok: true; prepared: PreparedFlow } | { ok: false; issues: FlowIssue[] };

/**
 * Validates a flow document and compiles it. Every problem is reported with its location;
 * nothing here throws on bad input.
 */
export function prepareFlow(doc: unknown): PrepareResult {
  const parsed = flowSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => locateZodIssue(doc, i.path, i.message)) };
  const flow = parsed.data;
  const issues: FlowIssue[] = [];
  const steps = new Map<string, PreparedStep>();

  const seen = new Set<string>();
  for (const step of flow.steps) {
    if (seen.has(step.id)) issues.push({ stepId: step.id, field: 'id', message: `Two steps share the id "${step.id}"` });
    seen.add(step.id);
    const def = getDefinition(step.type);
    if (!def) {
      issues.push({ stepId: step.id, field: 'type', message: `Unknown step type "${step.type}"` });
      continue;
    }
    const cfg = def.configSchema.safeParse(step.config);
    if (!cfg.success) {
      for (const i of cfg.error.issues) issues.push({ stepId: step.id, field: ['config', ...i.path].join('.'), message: explainConfigIssue(def, i) });
      continue;
    }
    const pol = policySchema.safeParse(step.policy ?? {});
    if (!pol.success) {
      for (const i of pol.error.issues) issues.push({ stepId: step.id, field: ['policy', ...i.path].join('.'), message: i.message });
      continue;
    }
    try {
      const literal = def.literalFields ?? [];
      const compiled = compileConfig(cfg.data as Record<string, unknown>, literal);
      const alternatives = pol.data.alternatives.map((a) => compileConfig({ ...(cfg.data as object), ...a.config }, literal));
      steps.set(step.id, {
        step,
        def,
        config: cfg.data,
        compiled,
        alternatives,
        policy: { ...pol.data, retry: pol.data.retry ?? retryPolicySchema.parse({}) },
        ports: def.ports(cfg.data),
        contract: contractOf(step, def, cfg.data, issues),
      });
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      issues.push({ stepId: step.id, field: 'config', message: err.message });
    }
  }

  const graph = buildGraph(flow, (type) => getDefinition(type)?.effect === 'trigger');
  checkEdges(flow, steps, issues);
  checkContracts(flow, steps, issues);
  if (graph.triggers.length === 0) issues.push({ message: 'Add a trigger step: a flow starts from one' });
  const cycle = findCycle(graph);
  if (cycle) issues.push({ stepId: cycle[0], message: `Steps form a cycle (${cycle.join(' → ')}); use a loop step to repeat work` });
  if (graph.triggers.length > 0) {
    const reachable = reachableFromTriggers(graph);
    for (const s of flow.steps) if (!reachable.has(s.id)) issues.push({ stepId: s.id, message: 'This step is not connected to a trigger, so it can never run' });
  }
  if (!cycle) checkStepRefs(graph, steps, issues);
  return issues.length ? { ok: false, issues } : { ok: true, prepared: { flow, graph, steps } };
}

function compileConfig(config: Record<string, unknown>, literal: readonly string[]): CompiledValue {
  if (!literal.length) return compileValue(config);
  const rest = Object.fromEntries(Object.entries(config).filter(([k]) => !literal.includes(k)));
  const compiledRest = compileValue(rest);
  const fixed = Object.fromEntries(literal.map((k) => [k, config[k]]));
  return { ...compiledRest, evaluate: (s) => ({ ...(compiledRest.evaluate(s) as object), ...fixed }) };
}

function checkEdges(flow: Flow, steps: Map<string, PreparedStep>, issues: FlowIssue[]) {
  const keys = new Set<string>();
  flow.edges.forEach((e, i) => {
    const from = steps.get(e.from);
    if (!flow.steps.some((s) => s.id === e.from)) issues.push({ edge: i, message: `Connection starts at a missing step "${e.from}"` });
    if (!flow.steps.some((s) => s.id === e.to)) issues.push({ edge: i, message: `Connection ends at a missing step "${e.to}"` });
    const key = `${e.from}\0${e.port}\0${e.to}`;
    if (keys.has(key)) issues.push({ edge: i, stepId: e.to, message: `Duplicate connection from "${e.from}" (${e.port}) to "${e.to}"` });
    keys.add(key);
    if (from && e.port !== 'error' && !from.ports.includes(e.port)) issues.push({ edge: i, stepId: e.from, message: `"${e.from}" has no output "${e.port}" (it has ${from.ports.join(', ')}): reconnect or delete that connection` });
    if (from && e.port === 'error' && from.def.effect === 'trigger') issues.push({ edge: i, stepId: e.from, message: 'A trigger has no error output' });
    const to = steps.get(e.to);
    if (to?.def.effect === 'trigger') issues.push({ edge: i, stepId: e.to, message: 'A trigger cannot have incoming connections' });
    if (e.from === e.to) issues.push({ edge: i, stepId: e.to, message: 'A step cannot connect to itself' });
  });
}

/** A step's declared schemas: its own contract, else what its type's config implies. */
export function declaredContract(step: { type: string; config?: unknown; contract?: Contract }): Contract {
  const def = getDefinition(step.type);
  const cfg = def?.configSchema.safeParse(step.config ?? {});
  const implied = cfg?.success ? (def!.contract?.(cfg.data) ?? {}) : {};
  const own = step.contract ?? {};
  return { input: own.input ?? implied.input, output: own.output ?? implied.output };
}

function contractOf(step: Step, def: StepDefinition, config: unknown, issues: FlowIssue[]): Contract {
  const implied = def.contract?.(config) ?? {};
  const own = step.contract ?? {};
  const c: Contract = { input: own.input ?? implied.input, output: own.output ?? implied.output };
  for (const side of ['input', 'output'] as const) {
    if (own[side]) for (const m of schemaShapeProblems(own[side])) issues.push({ stepId: step.id, field: `contract.${side}`, message: `The ${side} schema ${m}` });
  }
  return c;
}

/** A success edge whose source promises an output the target's input contract cannot accept. */
function checkContracts(flow: Flow, steps: Map<string, PreparedStep>, issues: FlowIssue[]) {
  flow.edges.forEach((e, i) => {
    const from = steps.get(e.from);
    const to = steps.get(e.to);
    // Error edges carry the error, and a merge's input is keyed by branch: neither is the source's output.
    if (!from?.contract.output || !to?.contract.input || e.port === 'error' || to.def.join === 'merge') return;
    for (const gap of contractGaps(from.contract.output, to.contract.input)) {
      issues.push({ edge: i, stepId: e.to, field: 'contract.input', message: `Input from "${e.from}" does not fit this step's contract: ${gap}` });
    }
  });
}

/** `steps.X` in an expression must name a step upstream of the one that reads it. */
function checkStepRefs(graph: Graph, steps: Map<string, PreparedStep>, issues: FlowIssue[]) {
  for (const [id, p] of steps) {
    const refs = new Set([...p.compiled.stepRefs, ...p.alternatives.flatMap((a) => a.stepRefs)]);
    if (!refs.size) continue;
    const up = ancestors(graph, id);
    for (const ref of refs) {
      if (!graph.steps.has(ref)) issues.push({ stepId: id, field: 'config', message: `An expression reads steps.${ref}, but there is no step "${ref}"` });
      else if (!up.has(ref)) issues.push({ stepId: id, field: 'config', message: `An expression reads steps.${ref}, which is not upstream of this step, so its output cannot exist yet` });
    }
  }
}

function locateZodIssue(doc: unknown, path: PropertyKey[], message: string): FlowIssue {
  const [head, index, ...rest] = path;
  const d = doc as { steps?: { id?: unknown }[] } | null;
  if (head === 'steps' && typeof index === 'number') {
    const id = d?.steps?.[index]?.id;
    return { stepId: typeof id === 'string' ? id : `#${index}`, field: rest.join('.') || undefined, message };
  }
  if (head === 'edges' && typeof index === 'number') return { edge: index, field: rest.join('.') || undefined, message };
  return { field: path.join('.') || undefined, message };
}
