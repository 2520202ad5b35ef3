import type { Edge, FlowInput, StepPolicy } from '@/lib/workflow/types';

type StepOpts = { policy?: Partial<StepPolicy>; disabled?: boolean; name?: string; contract?: { input?: Record<string, unknown>; output?: Record<string, unknown> } };

/** A typed builder so kernel scenarios read like specs: `flow().webhook('t').set('a', {...}).edge('t', 'a')`. */
export class FlowBuilder {
  private doc: FlowInput = { version: 1, steps: [], edges: [] };

  step(id: string, type: string, config: Record<string, unknown> = {}, opts: StepOpts = {}) {
    this.doc.steps.push({ id, type, config, ...(opts.policy ? { policy: opts.policy as StepPolicy } : {}), ...(opts.disabled ? { disabled: true } : {}), ...(opts.contract ? { contract: opts.contract } : {}) });
    return this;
  }
  webhook(id = 'trigger', config: Record<string, unknown> = {}) {
    return this.step(id, 'webhook-trigger', config);
  }
  set(id: string, assignments: Record<string, unknown>, opts: StepOpts & { keepInput?: boolean } = {}) {
    return this.step(id, 'transform', { assignments: Object.entries(assignments).map(([name, value]) => ({ name, value })), keepInput: opts.keepInput ?? true }, opts);
  }
  /** A step whose behaviour the harness scripts (an external "code" step). */
  scripted(id: string, opts: StepOpts = {}) {
    return this.step(id, 'code', { code: 'return input' }, opts);
  }
  edge(from: string, to: string, port = 'out', label?: string) {
    this.doc.edges.push({ from, to, port, ...(label ? { label } : {}) } as Edge);
    return this;
  }
  /** Connects a chain of steps with success edges. */
  chain(...ids: string[]) {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1]!, ids[i]!);
    return this;
  }
  build(): FlowInput {
    return structuredClone(this.doc);
  }
}

export const flow = () => new FlowBuilder();
