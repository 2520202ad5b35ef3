import { advance } from '../kernel';
import type { Command, ReviewActor, ReviewDecision, RunEvent, RunState, Signal, StepError } from '../types';
import { prepareFlow, type PreparedFlow } from '@/lib/workflow/prepare';
import type { FlowInput } from '@/lib/workflow/types';
import type { StepOutcome, PureRunner } from '@/lib/steps/runtime';
import { attemptConfig, pureAttempt, stepScope } from '../step-attempt';
import { approvedInput } from '../approval-gate';
import { transformRunner } from '@/lib/steps/transform/run';
import { conditionRunner } from '@/lib/steps/condition/run';
import { switchRunner } from '@/lib/steps/switch/run';
import { mergeRunner } from '@/lib/steps/merge/run';
import { respondRunner } from '@/lib/steps/respond/run';
import { outputRunner } from '@/lib/steps/output/run';
import { humanReviewRunner } from '@/lib/steps/human-review/run';

/** What a scripted step does on a given attempt: succeed, fail, or hang until released. */
/** `output` with an error: what the step returned when it broke its contract (the driver's check). */
export type ScriptResult = StepOutcome | { error: StepError; output?: unknown } | 'hang';
/** `approved`: the input a reviewer approved for this configuration's gated call, as the driver passes it. */
export type Script = (input: unknown, attempt: { total: number; alt: number; approved?: { input: unknown } }) => ScriptResult;

const PURE: Record<string, PureRunner> = { transform: transformRunner, condition: conditionRunner, switch: switchRunner, merge: mergeRunner, respond: respondRunner, output: outputRunner, 'human-review': humanReviewRunner };

/**
 * In-memory driver of the pure kernel with a fake clock: pure steps use the real runners,
 * scripted steps answer from their script, retries and deadlines wait for `advanceTime`.
 */
export class Harness {
  readonly prepared: PreparedFlow;
  state: RunState | null = null;
  events: RunEvent[] = [];
  commands: Command[] = [];
  calls: { stepId: string; input: unknown; total: number; alt: number; config: unknown }[] = [];
  private now = Date.parse('2026-01-01T00:00:00.000Z');
  private timers: { at: number; signal: Signal }[] = [];
  private hanging = new Map<string, true>();

  constructor(doc: FlowInput, private scripts: Record<string, Script> = {}) {
    const r = prepareFlow(doc);
    if (!r.ok) throw new Error(`invalid test flow: ${JSON.stringify(r.issues)}`);
    this.prepared = r.prepared;
  }

  get iso() {
    return new Date(this.now).toISOString();
  }

  start(body: unknown = {}, triggerStepId = this.prepared.graph.triggers[0]!) {
    this.send({ type: 'start', at: this.iso, runId: 'run-1', triggerStepId, payload: { body, kind: 'webhook' } });
    return this;
  }

  send(signal: Signal) {
    const queue: Signal[] = [signal];
    while (queue.length) {
      const r = advance(this.prepared, this.state, queue.shift()!);
      this.state = r.state;
      this.events.push(...r.events);
      this.commands.push(...r.commands);
      for (const c of r.commands) queue.push(...this.exec(c));
    }
    return this;
  }

  /** Moves the fake clock and fires whatever became due, in time order. */
  advanceTime(ms: number) {
    const until = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.now = next.at;
      this.send({ ...next.signal, at: this.iso } as Signal);
    }
    this.now = until;
    return this;
  }

  release(stepId: string, result: Exclude<ScriptResult, 'hang'>) {
    this.hanging.delete(stepId);
    return this.send(this.resultSignal(stepId, result));
  }

  review(stepId: string, decision: ReviewDecision, by?: ReviewActor) {
    return this.send({ type: 'reviewResolved', at: this.iso, stepId, decision, ...(by ? { by } : {}) });
  }

  cancel() {
    return this.send({ type: 'cancel', at: this.iso });
  }

  status(stepId: string) {
    return this.state?.nodes[stepId]?.status;
  }

  output(stepId: string) {
    return this.state?.nodes[stepId]?.output;
  }

  eventTypes(stepId?: string) {
    return this.events.filter((e) => !stepId || ('stepId' in e && e.stepId === stepId)).map((e) => e.type);
  }

  private exec(c: Command): Signal[] {
    if (c.type === 'scheduleRetry') {
      this.timers.push({ at: Date.parse(c.at), signal: { type: 'retryDue', at: c.at, stepId: c.stepId } });
      return [];
    }
    if (c.type === 'requestReview') {
      this.timers.push({ at: Date.parse(c.deadline), signal: { type: 'reviewTimedOut', at: c.deadline, stepId: c.stepId } });
      return [];
    }
    if (c.type !== 'runStep') return [];
    const p = this.prepared.steps.get(c.stepId)!;
    if (p.def.effect === 'timer') {
      // A timer step wakes when the state says (its `wakeAt`), as the driver re-arms it after a crash.
      const at = this.state!.nodes[c.stepId]!.wakeAt!;
      this.timers.push({ at: Date.parse(at), signal: { type: 'stepSucceeded', at, stepId: c.stepId, output: c.input } });
      return [];
    }
    const outputs = Object.fromEntries(Object.entries(this.state!.nodes).filter(([, n]) => n.status === 'succeeded').map(([id, n]) => [id, { output: n.output }]));
    const attempt = attemptConfig(p, c.alt, stepScope(this.state!, c.input, outputs), this.iso);
    if ('failed' in attempt) return [attempt.failed];
    const config = attempt.config;
    this.calls.push({ stepId: c.stepId, input: c.input, total: c.total, alt: c.alt, config });
    const script = this.scripts[c.stepId];
    if (script) {
      const approved = approvedInput(this.state!.nodes[c.stepId], c.alt);
      const result = script(c.input, { total: c.total, alt: c.alt, ...(approved ? { approved } : {}) });
      if (result === 'hang') {
        this.hanging.set(c.stepId, true);
        return [];
      }
      return [this.resultSignal(c.stepId, result)];
    }
    const runner = PURE[p.step.type];
    if (!runner) throw new Error(`step ${c.stepId} (${p.step.type}) needs a script in the harness`);
    return [pureAttempt(() => runner.run(config as never, c.input), c.stepId, this.iso, (out) => this.resultSignal(c.stepId, out))];
  }

  private resultSignal(stepId: string, r: Exclude<ScriptResult, 'hang'>): Signal {
    if ('error' in r) return { type: 'stepFailed', at: this.iso, stepId, error: r.error, ...('output' in r ? { output: r.output } : {}) };
    return { type: 'stepSucceeded', at: this.iso, stepId, output: r.output, port: r.port, response: r.response };
  }
}
