import type { Signal } from '@/lib/engine/types';
import { MAX_FLOW_DEPTH } from '@/lib/steps/call-flow/definition';
import type { ChildPort } from './types';

type Cfg = { flowId: string; version?: number; mode: 'once' | 'each' | 'loop'; items: unknown; input: unknown; concurrency: number; until: unknown; maxIterations: number };

export type ChildStepContext = {
  stepId: string;
  attempt: number;
  runId: string;
  isTest: boolean;
  /** The depth the children would have. */
  depth: number;
  children?: ChildPort;
  /** The step's resolved config; `item`/`index` are in scope for the loop's `until`. */
  config: (extra?: { item: unknown; index: number }) => unknown;
  now: () => string;
};

/**
 * One look at a call-flow step's children: the signal that ends the step, or null after
 * starting what may start now. Idempotent, so it runs again on every child completion and
 * after any crash: "once"/"each" fail on the first failed child, succeed when all succeeded
 * (outputs in item order), else start the next items up to the concurrency limit; "loop" runs
 * one child at a time on the previous output until `until` holds, failing at the bound.
 */
export async function childStepSignal(c: ChildStepContext): Promise<Signal | null> {
  const fail = (kind: string, message: string): Signal => ({ type: 'stepFailed', at: c.now(), stepId: c.stepId, error: { kind, message } });
  if (!c.children) return fail('NonRetriableError', 'Sub-flows are not available here');
  if (c.depth > MAX_FLOW_DEPTH) return fail('NonRetriableError', `Sub-flows nest deeper than ${MAX_FLOW_DEPTH} levels; check for a flow that calls itself`);
  const cfg = c.config() as Cfg;
  const parent = { runId: c.runId, stepId: c.stepId, attempt: c.attempt };
  const rows = (await c.children.list(parent)).sort((a, b) => a.index - b.index);
  // The first child of a look starts here at once; more started together are a fan-out that
  // goes through the queue, so every worker shares it.
  let startedNow = 0;
  const start = async (index: number, input: unknown) => {
    const versionId = await c.children!.resolveVersion(cfg.flowId, cfg.version);
    if (!versionId) return fail('NonRetriableError', 'The called flow does not exist or has no published version');
    await c.children!.start({ flowId: cfg.flowId, versionId, isTest: c.isTest, input, parent: { ...parent, index }, depth: c.depth, share: startedNow++ > 0 });
    return null;
  };
  const failedText = (r: (typeof rows)[number], what: string) => `${what} ${r.index} (run ${r.id}) ${r.status}${r.error?.message ? `: ${r.error.message}` : ''}`;

  if (cfg.mode === 'loop') {
    const last = rows.at(-1);
    if (last && !['succeeded', 'failed', 'cancelled'].includes(last.status)) return null;
    if (last && last.status !== 'succeeded') return fail('ChildFailed', failedText(last, 'Iteration'));
    if (last && (c.config({ item: last.output, index: last.index }) as Cfg).until) return { type: 'stepSucceeded', at: c.now(), stepId: c.stepId, output: last.output };
    const next = last ? last.index + 1 : 0;
    if (next >= cfg.maxIterations) return fail('NonRetriableError', `Stopped after ${cfg.maxIterations} iterations without the "until" condition holding`);
    return start(next, last ? last.output : cfg.input);
  }

  const inputs = cfg.mode === 'each' ? cfg.items : [cfg.input];
  if (!Array.isArray(inputs)) return fail('NonRetriableError', `"items" must be a list, got ${inputs === null ? 'null' : typeof inputs}`);
  const failed = rows.find((r) => r.status === 'failed' || r.status === 'cancelled');
  if (failed) {
    await c.children.cancel(rows.filter((r) => ['running', 'waiting', 'queued'].includes(r.status)).map((r) => r.id));
    return fail('ChildFailed', failedText(failed, 'Item'));
  }
  const done = rows.filter((r) => r.status === 'succeeded');
  if (done.length >= inputs.length) {
    const outputs = done.map((r) => r.output);
    return { type: 'stepSucceeded', at: c.now(), stepId: c.stepId, output: cfg.mode === 'each' ? outputs : (outputs[0] ?? null) };
  }
  const started = new Set(rows.map((r) => r.index));
  let room = cfg.concurrency - (rows.length - done.length);
  for (let i = 0; i < inputs.length && room > 0; i++) {
    if (started.has(i)) continue;
    const problem = await start(i, inputs[i]);
    if (problem) return problem;
    room--;
  }
  return null;
}
