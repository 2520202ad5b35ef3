import type { PreparedFlow, PreparedStep } from '@/lib/workflow/prepare';
import { ancestors } from '@/lib/workflow/graph';
import { isRetriable, retryDelayMs } from './backoff';
import { decisionOutcome, firstTier, onDeadline, reviewKind, reviewPolicy, secondTier } from './review-ladder';
import type { Escalation } from '@/lib/workflow/types';
import { APPROVAL_REQUIRED, approvalOutcome, askApproval, awaitsApproval } from './approval-gate';
import { readPath } from './read-path';
import type { Advance, Command, NodeState, ResponseSpec, ReviewActor, ReviewDecision, RunEvent, RunState, Signal, StepError, StepUsage } from './types';

/**
 * The orchestration kernel: `advance(flow, state, signal) → { state, commands, events }`.
 * Pure: no I/O, no clock (time arrives on signals), no randomness (jitter is hashed); the input
 * state is never mutated. The driver (lib/runs) executes the commands and feeds results back.
 */
export function advance(flow: PreparedFlow, state: RunState | null, signal: Signal): Advance {
  const k = new Kernel(flow, state, signal);
  k.handle();
  return k.result();
}

const ACTIVE = new Set(['running', 'retrying', 'waiting']);

class Kernel {
  private s: RunState;
  private commands: Command[] = [];
  private events: RunEvent[] = [];

  constructor(private flow: PreparedFlow, prev: RunState | null, private signal: Signal) {
    this.s = prev
      ? { ...prev, nodes: { ...prev.nodes }, edges: { ...prev.edges }, inbox: { ...prev.inbox } }
      : { runId: '', startedAt: signal.at, status: 'running', trigger: { stepId: '', payload: { body: null, kind: 'manual' } }, nodes: {}, edges: {}, inbox: {}, responded: false };
  }

  result(): Advance {
    return { state: this.s, commands: this.commands, events: this.events };
  }

  handle() {
    const sig = this.signal;
    if (sig.type === 'start') return this.start(sig);
    if (this.s.status !== 'running' && this.s.status !== 'waiting') return; // late signals after the end change nothing
    switch (sig.type) {
      case 'stepSucceeded': {
        if (!this.accepts(sig.stepId)) return;
        if (sig.pinned) this.set(sig.stepId, { pinned: true });
        if (sig.reused) this.set(sig.stepId, { reused: true });
        this.onSuccess(sig.stepId, sig.output, sig.port, sig.response, { usage: sig.usage, confidence: sig.confidence });
        break;
      }
      case 'stepFailed':
        if (!this.accepts(sig.stepId)) return;
        // An output that broke the step's contract is kept: an escalation proposes it, to be edited into shape.
        if (sig.output !== undefined) this.set(sig.stepId, { output: sig.output });
        this.onFailure(sig.stepId, sig.error);
        break;
      case 'retryDue': {
        const n = this.node(sig.stepId);
        if (n?.status !== 'retrying') return;
        this.set(sig.stepId, { status: 'running', retryAt: undefined });
        this.run(sig.stepId);
        break;
      }
      case 'reviewResolved':
        if (this.node(sig.stepId)?.status !== 'waiting') return;
        this.onReview(sig.stepId, sig.decision, sig.by);
        break;
      case 'reviewTimedOut': {
        const n = this.node(sig.stepId);
        if (n?.status !== 'waiting') return;
        const esc = reviewPolicy(this.step(sig.stepId));
        const next = onDeadline(esc, n);
        if (next === 'second-tier') this.escalateToSecondTier(sig.stepId, esc!);
        else this.onReview(sig.stepId, next);
        break;
      }
      case 'cancel':
        return this.cancel(sig.reason);
      case 'timeout': {
        this.s.error = { kind: 'RunTimeout', message: `The run took longer than its limit of ${sig.limitMs} ms` };
        this.s.status = 'failed';
        this.stopActive();
        this.events.push({ type: 'RunFailed', error: this.s.error });
        this.commands.push({ type: 'failRun', error: this.s.error });
        return;
      }
    }
    this.settle();
  }

  private start(sig: Extract<Signal, { type: 'start' }>) {
    this.s.runId = sig.runId;
    this.s.startedAt = sig.at;
    this.s.trigger = { stepId: sig.triggerStepId, payload: sig.payload };
    for (const id of this.flow.steps.keys()) this.s.nodes[id] = { status: 'pending', attempt: 0, total: 0, alt: 0 };
    this.events.push({ type: 'RunStarted', trigger: sig.triggerStepId });
    for (const t of this.flow.graph.triggers) {
      if (t === sig.triggerStepId) continue;
      this.set(t, { status: 'skipped' });
      this.deadEdges(t, null);
    }
    this.set(sig.triggerStepId, { status: 'succeeded', attempt: 1, total: 1, input: sig.payload.body, output: sig.payload.body, port: 'out' });
    this.events.push({ type: 'StepSucceeded', stepId: sig.triggerStepId, attempt: 1, port: 'out' });
    this.fire(sig.triggerStepId, 'out', sig.payload.body);
    this.settle();
  }

  // ---- success, failure, ambiguity ------------------------------------------------------

  private onSuccess(id: string, output: unknown, port: string | undefined, response: ResponseSpec | undefined, measured: Measured) {
    const p = this.step(id);
    if (p.def.review && !this.node(id)!.reviewTier) return this.requestReview(id, 'review-step', p.def.review(p.config as never).reason, output, undefined);
    const conf = p.policy.confidence;
    if (conf) {
      // An output path names where the confidence is; without one, the step's own (an AI step's).
      const value = conf.path ? readPath(output, conf.path) : measured.confidence;
      if (typeof value !== 'number' || value < conf.threshold) {
        this.set(id, { output });
        this.events.push({ type: 'StepAmbiguous', stepId: id, confidence: value ?? null, threshold: conf.threshold });
        const where = conf.path ? ` at "${conf.path}"` : '';
        return this.exhausted(id, { kind: 'AmbiguousResult', message: `Confidence ${JSON.stringify(value ?? null)}${where} is below ${conf.threshold}` }, 'ambiguous');
      }
    }
    if (response && !this.s.responded) {
      this.s.responded = true;
      this.commands.push({ type: 'respond', stepId: id, ...response });
    }
    this.succeed(id, output, port ?? 'out', measured);
  }

  private succeed(id: string, output: unknown, port: string, measured: Measured = {}) {
    const n = this.node(id)!;
    this.set(id, { status: 'succeeded', output, port, error: undefined, wakeAt: undefined });
    this.events.push({
      type: 'StepSucceeded', stepId: id, attempt: n.total, port, ...(n.pinned ? { pinned: true } : {}), ...(n.reused ? { reused: true } : {}),
      ...(measured.usage ? { usage: measured.usage } : {}), ...(measured.confidence !== undefined ? { confidence: measured.confidence } : {}),
    });
    if (this.step(id).def.setsRunOutput) this.s.output = output;
    this.fire(id, port, output);
  }

  private onFailure(id: string, error: StepError) {
    const n = this.node(id)!;
    const p = this.step(id);
    if (error.kind === APPROVAL_REQUIRED && p.def.approvalInput && !n.approval?.approved) return this.waitForApproval(id, error);
    // A crash is not the step's fault: an interrupted attempt counts, but always earns one more.
    const interrupted = error.kind === 'Interrupted';
    const limit = p.policy.retry.maxAttempts + (interrupted ? 1 : 0);
    if (isRetriable(error.kind, p.policy.retry) && n.attempt < limit) {
      const delay = interrupted ? 0 : retryDelayMs(p.policy.retry, n.attempt, `${this.s.runId}:${id}:${n.alt}`, error.retryAfterMs);
      const at = new Date(Date.parse(this.signal.at) + delay).toISOString();
      this.events.push({ type: 'StepFailed', stepId: id, attempt: n.total, error, final: false });
      this.events.push({ type: 'StepRetrying', stepId: id, attempt: n.total + 1, at, error });
      if (delay === 0) {
        this.set(id, { status: 'running', attempt: n.attempt + 1, total: n.total + 1, error });
        return this.run(id);
      }
      this.set(id, { status: 'retrying', attempt: n.attempt + 1, total: n.total + 1, retryAt: at, error });
      this.commands.push({ type: 'scheduleRetry', stepId: id, at });
      return;
    }
    this.events.push({ type: 'StepFailed', stepId: id, attempt: n.total, error, final: false });
    this.exhausted(id, error, 'error');
  }

  /** The ladder after the primary's retries: alternatives in turn → escalation → error edge → fail. */
  private exhausted(id: string, error: StepError, reason: 'error' | 'ambiguous') {
    const n = this.node(id)!;
    const p = this.step(id);
    if (n.alt < p.alternatives.length) {
      const alt = n.alt + 1;
      this.set(id, { status: 'running', alt, attempt: 1, total: n.total + 1, error });
      this.events.push({ type: 'FallbackTaken', stepId: id, alt, label: p.policy.alternatives[alt - 1]?.label, reason });
      return this.run(id);
    }
    if (p.policy.escalation) return this.requestReview(id, 'escalation', `${p.policy.escalation.reason}: ${error.message}`, n.output ?? null, error);
    this.fail(id, error);
  }

  /** The step waits on a person: a review task with the step's review policy, the run holding no process. */
  private requestReview(id: string, kind: 'escalation' | 'review-step', reason: string, proposed: unknown, error: StepError | undefined) {
    const esc = reviewPolicy(this.step(id))!;
    const task = firstTier(id, esc, kind, reason, proposed, this.signal.at);
    this.set(id, { status: 'waiting', wakeAt: task.deadline, reviewTier: 1, ...(error ? { error } : { output: proposed }) });
    this.events.push({ type: 'ReviewRequested', stepId: id, reason: esc.reason, deadline: task.deadline });
    this.commands.push({ type: 'requestReview', ...task });
  }

  /** A gated effect (approval-gate.ts): the attempt ends asking; the step waits on a `tool-approval` task. */
  private waitForApproval(id: string, error: StepError) {
    const { task, approval } = askApproval(this.step(id), this.node(id)!, error, this.signal.at);
    this.events.push({ type: 'StepFailed', stepId: id, attempt: this.node(id)!.total, error, final: false }, { type: 'ReviewRequested', stepId: id, reason: task.reason, deadline: task.deadline });
    this.set(id, { status: 'waiting', wakeAt: task.deadline, reviewTier: 1, approval });
    this.commands.push({ type: 'requestReview', ...task });
  }

  /** Approve/edit runs the step again with that input (a new attempt, no retry spent); else it fails for good (error edge, else the run). */
  private onApproval(id: string, d: ReviewDecision) {
    const n = this.node(id)!;
    const end = approvalOutcome(n, d);
    if ('error' in end) return this.set(id, { approval: undefined }), this.fail(id, end.error);
    this.set(id, { status: 'running', wakeAt: undefined, approval: end.run, total: n.total + 1 });
    this.run(id);
  }

  /** The first tier's deadline passed: the same task moves to the second tier, with its own deadline. */
  private escalateToSecondTier(id: string, esc: Escalation) {
    const task = secondTier(this.step(id), id, esc, this.node(id)!, this.signal.at);
    this.set(id, { wakeAt: task.deadline, reviewTier: 2 });
    this.events.push({ type: 'ReviewEscalated', stepId: id, tier: 2, deadline: task.deadline });
    this.commands.push({ type: 'requestReview', ...task });
  }

  private onReview(id: string, d: ReviewDecision, by: ReviewActor = { actor: null, kind: reviewKind(this.step(id)) }) {
    this.set(id, { wakeAt: undefined });
    const n = this.node(id)!;
    this.events.push({ type: 'ReviewResolved', stepId: id, action: d.action, actor: by.actor, kind: by.kind, edited: d.action === 'edit' });
    if (awaitsApproval(n)) return this.onApproval(id, d);
    const end = decisionOutcome(this.step(id), n, d);
    if ('error' in end) return this.fail(id, end.error);
    return this.succeed(id, end.output, end.port);
  }

  /** Final failure of a step: its error edge if drawn, else the run fails. */
  private fail(id: string, error: StepError) {
    const n = this.node(id)!;
    this.set(id, { status: 'failed', error, wakeAt: undefined });
    this.events.push({ type: 'StepFailed', stepId: id, attempt: n.total, error, final: true });
    const hasErrorEdge = (this.flow.graph.outgoing.get(id) ?? []).some((ei) => this.flow.graph.edges[ei]!.port === 'error');
    if (hasErrorEdge) {
      this.events.push({ type: 'ErrorEdgeTaken', stepId: id });
      this.fire(id, 'error', { error, input: n.input ?? null });
      return;
    }
    this.s.error = { ...error, stepId: id };
    this.s.status = 'failed';
    this.stopActive();
    this.events.push({ type: 'RunFailed', error: this.s.error });
    this.commands.push({ type: 'failRun', error: this.s.error });
  }

  private cancel(reason?: string) {
    this.s.status = 'cancelled';
    this.stopActive();
    this.events.push({ type: 'RunCancelled', reason });
    this.commands.push({ type: 'cancelRun' });
  }

  private stopActive() {
    for (const [id, n] of Object.entries(this.s.nodes)) {
      if (!ACTIVE.has(n.status)) continue;
      if (n.status === 'running') this.commands.push({ type: 'cancelStep', stepId: id });
      this.set(id, { status: 'cancelled' });
      this.events.push({ type: 'StepCancelled', stepId: id });
    }
  }

  // ---- propagation ----------------------------------------------------------------------

  /** Fires the edges of `port` with the payload; every other outgoing edge is dead. */
  private fire(id: string, port: string, payload: unknown) {
    for (const ei of this.flow.graph.outgoing.get(id) ?? []) {
      const e = this.flow.graph.edges[ei]!;
      if (e.port === port) {
        this.s.edges[ei] = 'fired';
        this.arrive(e.to, ei, payload);
      } else {
        this.s.edges[ei] = 'dead';
        this.check(e.to);
      }
    }
  }

  private deadEdges(id: string, except: string | null) {
    for (const ei of this.flow.graph.outgoing.get(id) ?? []) {
      const e = this.flow.graph.edges[ei]!;
      if (e.port === except || this.s.edges[ei]) continue;
      this.s.edges[ei] = 'dead';
      this.check(e.to);
    }
  }

  private arrive(target: string, ei: number, payload: unknown) {
    const p = this.step(target);
    if (p.def.join === 'merge') {
      const e = this.flow.graph.edges[ei]!;
      this.s.inbox[target] = { ...this.s.inbox[target], [e.label ?? e.from]: payload };
      return this.check(target, ei);
    }
    if (this.node(target)?.status === 'pending') this.activate(target, payload);
  }

  /** Decides a pending step after one of its incoming edges was decided. */
  private check(target: string, firedEdge?: number) {
    const n = this.node(target);
    if (n?.status !== 'pending') return;
    const incoming = this.flow.graph.incoming.get(target) ?? [];
    const p = this.step(target);
    const fired = incoming.filter((ei) => this.s.edges[ei] === 'fired');
    const decided = incoming.every((ei) => this.s.edges[ei]);
    if (p.def.join !== 'merge') {
      if (decided && fired.length === 0) this.markSkipped(target, 'no branch leading here was taken');
      return;
    }
    const mode = (p.config as { mode: 'all' | 'first' }).mode;
    if (mode === 'first' && firedEdge !== undefined) {
      const e = this.flow.graph.edges[firedEdge]!;
      this.cancelOtherBranches(target, e.from);
      return this.activate(target, this.s.inbox[target]?.[e.label ?? e.from] ?? null);
    }
    if (!decided) return;
    if (fired.length === 0) return this.markSkipped(target, 'no branch leading here was taken');
    if (mode === 'all') this.activate(target, this.s.inbox[target] ?? {});
  }

  /** Merge "first": the losing branches' unfinished steps are cancelled or skipped, on record. */
  private cancelOtherBranches(merge: string, winner: string) {
    const keep = ancestors(this.flow.graph, winner);
    keep.add(winner);
    for (const id of ancestors(this.flow.graph, merge)) {
      if (keep.has(id)) continue;
      const n = this.node(id)!;
      if (n.status === 'running') this.commands.push({ type: 'cancelStep', stepId: id });
      if (ACTIVE.has(n.status)) {
        this.set(id, { status: 'cancelled' });
        this.events.push({ type: 'StepCancelled', stepId: id });
      } else if (n.status === 'pending') {
        this.set(id, { status: 'skipped' });
        this.events.push({ type: 'StepSkipped', stepId: id, reason: 'another branch finished first' });
      }
    }
  }

  private markSkipped(id: string, reason: string) {
    this.set(id, { status: 'skipped' });
    this.events.push({ type: 'StepSkipped', stepId: id, reason });
    this.deadEdges(id, null);
  }

  private activate(id: string, input: unknown) {
    const p = this.step(id);
    if (p.step.disabled) {
      this.set(id, { status: 'succeeded', input, output: input, port: 'out', bypassed: true });
      this.events.push({ type: 'StepSkipped', stepId: id, reason: 'disabled: input passed through' });
      return this.fire(id, 'out', input);
    }
    this.set(id, { status: 'running', attempt: 1, total: 1, alt: 0, input });
    this.run(id);
  }

  /** A result counts only for a step that is running (or a timer step, which waits). */
  private accepts(id: string): boolean {
    const st = this.node(id)?.status;
    return st === 'running' || (st === 'waiting' && waits(this.step(id).def.effect));
  }

  private run(id: string) {
    // Timer and child-run steps wait holding nothing: the run is "waiting" until they finish.
    const p = this.step(id);
    if (waits(p.def.effect)) this.set(id, { status: 'waiting', ...(p.def.effect === 'timer' ? { wakeAt: timerEnd(this.signal.at, p.config) } : {}) });
    const n = this.node(id)!;
    this.events.push({ type: 'StepStarted', stepId: id, attempt: n.total, alt: n.alt });
    this.commands.push({ type: 'runStep', stepId: id, attempt: n.attempt, total: n.total, alt: n.alt, input: n.input ?? null });
  }

  /** After each signal: finish the run when nothing is active, else track running vs waiting. */
  private settle() {
    if (this.s.status !== 'running' && this.s.status !== 'waiting') return;
    let running = false;
    let waiting = false;
    for (const n of Object.values(this.s.nodes)) {
      if (n.status === 'running') running = true;
      else if (n.status === 'retrying' || n.status === 'waiting') waiting = true;
    }
    if (running || waiting) {
      this.s.status = running ? 'running' : 'waiting';
      return;
    }
    this.s.status = 'succeeded';
    this.events.push({ type: 'RunCompleted' });
    this.commands.push({ type: 'completeRun', output: this.s.output ?? null });
  }

  private node(id: string): NodeState | undefined { return this.s.nodes[id]; }

  private set(id: string, patch: Partial<NodeState>) {
    this.s.nodes[id] = { ...this.s.nodes[id]!, ...patch };
  }

  private step(id: string): PreparedStep { return this.flow.steps.get(id)!; }
}

/** What an attempt reported about itself: tokens and cost, and its confidence. */
type Measured = { usage?: StepUsage; confidence?: number };

const waits = (effect: string) => effect === 'timer' || effect === 'child';

/** A timer step (Wait) ends its configured duration after it starts. */
const timerEnd = (at: string, config: unknown) => new Date(Date.parse(at) + Number((config as { ms?: number }).ms ?? 0)).toISOString();
