import { advance } from '@/lib/engine/kernel';
import { approvedInput } from '@/lib/engine/approval-gate';
import { attemptConfig, pureAttempt, stepScope } from '@/lib/engine/step-attempt';
import type { Command, RunState, Signal } from '@/lib/engine/types';
import type { Scope } from '@/lib/expr/compile';
import { toStepError, StepTimeoutError } from '@/lib/steps/errors';
import { inputProblem, outputProblem } from './step-checks';
import { failureFollowUps } from './follow-ups';
import { wakeToSignal, type TimedWake } from './wake-signal';
import { sliceDue } from './time-slice';
import type { StepOutcome, StepRunner } from '@/lib/steps/runtime';
import type { StepDefinition } from '@/lib/steps/types';
import { callStep } from '@/lib/steps/call-step';
import { stepContext } from './step-context';
import { RunLog } from './run-log';
import type { ExecutorDeps, ExecutorEnd, ReviewWrite, StepRowWrite, WakeSignal } from './types';
import { WakeupBook } from './wakeup-book';

export type { ExecutorDeps, ExecutorEnd };
import { childStepSignal } from './child-steps';
import { isDatabaseUnavailable } from '@/lib/server/db-availability';

/** A live run waiting on child runs looks at them again this often (a backstop to NOTIFY and the queue). */
const CHILD_LOOK_MS = 2_000;

/** Wake-ups due within this stay in-process instead of parking the run. */
const PARK_AFTER_MS = 2_000;


/**
 * Drives one run in this process under the commit rule: kernel signals are applied in order;
 * pure steps compute in memory; a commit (one statement) happens before anything outside the
 * run can observe it: an effectful step starting, a response, a wait, the end. `settled`
 * resolves when the run ends or parks (waiting with nothing in flight, lease released).
 */
export class RunExecutor {
  private state: RunState | null = null;
  private log = new RunLog();
  private signals: Signal[] = [];
  private afterCommit: (() => void)[] = [];
  private reviews: ReviewWrite[] = [];
  private inflight = new Map<string, AbortController>();
  private wakeups: WakeupBook;
  private stepsView: Record<string, { output: unknown }> = {};
  private committed = false;
  private recheck = new Set<string>();
  /** True once the run ended or parked here; later deliveries must go through the queue. */
  finished = false;
  private pumping = false;
  private externalResult = false;
  /** When this process took the run (start or resume), and how many signals it applied since. */
  private readonly sliceStart: number;
  private applied = 0;
  private slicing = false;
  private releaseChildWake?: () => void;
  private childLooks = new Map<string, ReturnType<typeof setTimeout>>();
  private responded = false;
  /**
   * Call steps whose children are looked at (and started) right after the next commit. Until then
   * the run is not parked: that commit keeps the lease, so a crash before a child run exists
   * leaves a leased run the dead-worker sweep resumes, not a waiting run nobody looks at.
   */
  private childChecksDue = 0;
  /** Whether the last commit left the run leased to this worker. */
  private leaseHeld = false;
  /** A database failure seen outside a commit (a call step's look at its children): stops the executor. */
  private broken: unknown = null;
  private settle!: (end: ExecutorEnd) => void;
  private fail!: (err: unknown) => void;
  readonly settled: Promise<ExecutorEnd>;

  constructor(private d: ExecutorDeps) {
    this.sliceStart = d.clock.now().getTime();
    this.wakeups = new WakeupBook(d.clock, (w) => this.deliver(this.wakeSignal(w, this.now())));
    this.settled = new Promise((res, rej) => {
      this.settle = res;
      this.fail = rej;
    });
  }

  start(triggerStepId: string, payload: RunState['trigger']['payload']) {
    this.signals.push({ type: 'start', at: this.d.meta.startedAt, runId: this.d.meta.runId, triggerStepId, payload });
    const limit = this.d.prepared.flow.settings.runTimeoutMs;
    if (limit) this.wake({ type: 'runTimeout', stepId: '' }, new Date(Date.parse(this.d.meta.startedAt) + limit).toISOString());
    void this.pump();
    return this.settled;
  }

  /** Continues a run from its last committed state (after a crash, a wait or a review). */
  resume(state: RunState, openRows: StepRowWrite[], wake?: WakeSignal | Signal) {
    this.state = state;
    this.committed = true;
    this.log.adopt(openRows);
    // Only effectful attempts can be cut short; a timer's open row is simply still waiting.
    const interrupted = openRows.filter((r) => this.d.prepared.steps.get(r.step_id)?.def.effect === 'external');
    for (const [id, n] of Object.entries(state.nodes)) if (n.status === 'succeeded') this.stepsView[id] = { output: n.output };
    const now = this.now();
    for (const row of interrupted) {
      this.log.interrupted(row, now);
      this.signals.push({ type: 'stepFailed', at: now, stepId: row.step_id, error: { kind: 'Interrupted', message: 'The worker running this attempt stopped; retrying' } });
    }
    // Running pure steps were never committed: compute them again, identically.
    for (const [id, n] of Object.entries(state.nodes)) {
      const p = this.d.prepared.steps.get(id);
      if (n.status === 'running' && p && p.def.effect !== 'external' && !interrupted.some((r) => r.step_id === id)) {
        this.exec({ type: 'runStep', stepId: id, attempt: n.attempt, total: n.total, alt: n.alt, input: n.input ?? null });
      }
    }
    // Call-flow steps waiting on children look at them again (a child finished, or we crashed).
    for (const [id, n] of Object.entries(state.nodes)) {
      if (n.status === 'waiting' && this.d.prepared.steps.get(id)?.def.effect === 'child') this.checkChildrenAfterCommit(id);
    }
    this.wakeups.rearm(this.d.prepared, state, wake);
    if (wake && wake.type !== 'childDone' && wake.type !== 'slice') this.signals.push(this.wakeSignal(wake, now));
    void this.pump();
    return this.settled;
  }

  private checkChildrenAfterCommit(stepId: string) {
    this.childChecksDue++;
    this.afterCommit.push(() => {
      this.childChecksDue--;
      this.advanceChildren(stepId);
    });
  }

  /** A child run of a call-flow step finished: look at the children again. */
  childDone(stepId: string) {
    if (this.inflight.has(`children:${stepId}`)) this.recheck.add(stepId);
    else this.advanceChildren(stepId);
  }

  /** Delivered from outside: review decisions, cancellation. */
  deliver(signal: Signal) {
    this.signals.push(signal);
    void this.pump();
  }

  private wakeSignal(w: TimedWake | Signal, at: string) {
    return wakeToSignal(w, at, this.state, this.d.prepared.flow.settings.runTimeoutMs);
  }

  private now() {
    return this.d.clock.now().toISOString();
  }

  private async pump() {
    // Once ended, parked or stopped, nothing here may commit again: a late callback (an attempt
    // aborted by the stop) would otherwise go on driving a run that is handed to another executor.
    if (this.pumping || this.finished) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.broken) throw this.broken;
        while (this.signals.length) {
          if (this.sliceDue()) return await this.yieldSlice();
          this.apply(this.signals.shift()!);
          this.applied++;
        }
        const terminal = this.isTerminal();
        // Parking with the lease still ours (kept while child runs were being started): hand it back.
        const release = !terminal && this.leaseHeld && this.parked();
        const mustCommit = this.afterCommit.length > 0 || terminal || this.externalResult || !this.committed || this.wakeups.pending || this.reviews.length > 0 || release;
        if ((this.log.dirty || this.wakeups.pending || release) && mustCommit) await this.commit(terminal);
        if (this.broken) throw this.broken;
        const actions = this.afterCommit;
        this.afterCommit = [];
        actions.forEach((a) => a());
        if (this.signals.length) continue;
        if (terminal || this.parked()) return this.finish();
        return;
      }
    } catch (err) {
      this.stop(err);
    } finally {
      this.pumping = false;
    }
  }

  /** Nothing more is delivered here: later signals go through the queue to a fresh executor. */
  private stop(err: unknown) {
    this.finished = true;
    this.abortAll();
    this.releaseChildWake?.();
    this.fail(err);
  }

  private apply(sig: Signal) {
    const at = sig.at;
    if (sig.type === 'stepSucceeded' || sig.type === 'stepFailed') {
      if (this.d.prepared.steps.get(sig.stepId)?.def.effect === 'external') this.externalResult = true;
    }
    const r = advance(this.d.prepared, this.state, sig);
    this.state = r.state;
    for (const ev of r.events) {
      this.log.record(ev, r.state, at);
      if (ev.type === 'StepSucceeded') this.stepsView[ev.stepId] = { output: r.state.nodes[ev.stepId]?.output ?? null };
    }
    for (const cmd of r.commands) this.exec(cmd);
  }

  private exec(cmd: Command) {
    switch (cmd.type) {
      case 'runStep':
        return this.runStep(cmd);
      case 'scheduleRetry':
        return this.wake({ type: 'retryDue', stepId: cmd.stepId }, cmd.at);
      case 'requestReview': {
        const { type: _t, ...request } = cmd;
        this.reviews.push(request);
        return this.wake({ type: 'reviewDeadline', stepId: cmd.stepId }, cmd.deadline);
      }
      case 'respond': {
        const { type: _t, stepId: _s, ...resp } = cmd;
        this.responded = true;
        this.afterCommit.push(() => this.d.onRespond?.(resp));
        return;
      }
      case 'cancelStep':
        this.inflight.get(cmd.stepId)?.abort();
        return;
      case 'completeRun':
      case 'failRun':
      case 'cancelRun':
        return;
    }
  }

  private runStep(cmd: Extract<Command, { type: 'runStep' }>) {
    const p = this.d.prepared.steps.get(cmd.stepId)!;
    const at = this.now();
    // A re-run from a step reuses the original run's outputs for everything it does not redo.
    const reused = this.state?.trigger.payload.reuse?.[cmd.stepId];
    if (reused) {
      this.signals.push({ type: 'stepSucceeded', at, stepId: cmd.stepId, output: reused.output, port: reused.port, reused: true });
      return;
    }
    if (p.def.effect === 'child') return this.checkChildrenAfterCommit(cmd.stepId);
    if (p.def.effect === 'timer') return this.wake({ type: 'timerDue', stepId: cmd.stepId }, this.state!.nodes[cmd.stepId]!.wakeAt ?? at);
    // Pinned sample data replaces the step in test runs of the draft, never in production.
    if (this.d.meta.isTest && p.step.pinned) {
      this.signals.push({ type: 'stepSucceeded', at, stepId: cmd.stepId, output: p.step.pinned.output, pinned: true });
      return;
    }
    const badInput = inputProblem(p, cmd.input);
    if (badInput) {
      this.signals.push({ type: 'stepFailed', at, stepId: cmd.stepId, error: badInput });
      return;
    }
    const attempt = attemptConfig(p, cmd.alt, this.scope(cmd.input), at);
    if ('failed' in attempt) {
      this.signals.push(attempt.failed);
      return;
    }
    const config = attempt.config;
    const runner = this.d.runners[p.step.type]!;
    if (runner.kind === 'pure') {
      this.signals.push(pureAttempt(() => runner.run(config as never, cmd.input), cmd.stepId, at, (out) => this.success(cmd.stepId, out, at)));
      return;
    }
    // Effectful: its "attempt started" row commits first; the call starts after that commit.
    // An approval the state holds for this configuration goes with it (committed, so a resumed run has it too).
    const approved = approvedInput(this.state!.nodes[cmd.stepId], cmd.alt);
    this.afterCommit.push(() => this.launch(cmd, runner, p.def, config, p.policy.timeoutMs, approved));
  }

  private launch(cmd: Extract<Command, { type: 'runStep' }>, runner: Extract<StepRunner, { kind: 'async' }>, def: StepDefinition, config: unknown, timeoutMs?: number, approved?: { input: unknown }) {
    const ac = new AbortController();
    this.inflight.set(cmd.stepId, ac);
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => ((timedOut = true), ac.abort()), timeoutMs) : undefined;
    const ctx = stepContext(this.d.stepPorts, {
      runId: this.d.meta.runId,
      stepId: cmd.stepId,
      attempt: cmd.total,
      signal: ac.signal,
      runCapUsd: this.d.prepared.flow.settings.maxCostPerRunUsd ?? null,
      now: () => this.d.clock.now(),
      approved,
    });
    callStep(def, runner, config, cmd.input, ctx)
      .then((out) => this.success(cmd.stepId, out, this.now()))
      .catch((err): Signal => ({ type: 'stepFailed', at: this.now(), stepId: cmd.stepId, error: timedOut ? toStepError(new StepTimeoutError(`Step took longer than ${timeoutMs} ms`)) : toStepError(err) }))
      .then((sig) => {
        clearTimeout(timer);
        if (this.inflight.get(cmd.stepId) === ac) this.inflight.delete(cmd.stepId);
        this.deliver(sig);
      });
  }

  /**
   * A call-flow step (see child-steps.ts) looks at its children again; one check at a time per
   * step, and a completion that arrives meanwhile triggers one more.
   */
  private advanceChildren(stepId: string) {
    const key = `children:${stepId}`;
    if (this.inflight.has(key)) return;
    this.releaseChildWake ??= this.d.holdChildWake?.();
    this.inflight.set(key, new AbortController());
    const node = this.state!.nodes[stepId]!;
    const p = this.d.prepared.steps.get(stepId)!;
    const compiled = node.alt === 0 ? p.compiled : p.alternatives[node.alt - 1]!;
    childStepSignal({
      stepId,
      attempt: node.total,
      runId: this.d.meta.runId,
      isTest: this.d.meta.isTest,
      depth: (this.d.meta.depth ?? 0) + 1,
      children: this.d.children,
      config: (extra) => compiled.evaluate({ ...this.scope(node.input ?? null), ...extra }),
      now: () => this.now(),
    })
      .catch((err): Signal | null => {
        // The database going away is no failure of the step: stop as a failed commit does (the
        // lease stays ours, so the orphan check hands the run back and a fresh look, idempotent,
        // carries on). Failing the step would fail the run for a cut connection.
        if (!isDatabaseUnavailable(err)) return { type: 'stepFailed', at: this.now(), stepId, error: toStepError(err) };
        this.broken = err;
        return null;
      })
      .then((sig) => {
        if (this.broken) return void this.pump();
        this.inflight.delete(key);
        if (sig) this.deliver(sig);
        else if (this.recheck.delete(stepId)) this.advanceChildren(stepId);
        else {
          // Completions arrive by NOTIFY and the queue; while this run stays live here, it also
          // looks again now and then, so a lost announcement cannot leave it waiting.
          clearTimeout(this.childLooks.get(stepId));
          this.childLooks.set(stepId, setTimeout(() => !this.finished && this.advanceChildren(stepId), CHILD_LOOK_MS).unref());
          void this.pump();
        }
      });
  }

  private success(stepId: string, out: StepOutcome, at: string): Signal {
    const bad = outputProblem(this.d.prepared.steps.get(stepId), out.output, this.d.maxOutputBytes);
    // A contract breach carries the output, so a reviewer can edit it into shape (a too-large one does not).
    if (bad) return { type: 'stepFailed', at, stepId, error: bad, ...(bad.kind === 'ContractError' ? { output: out.output ?? null } : {}) };
    return { type: 'stepSucceeded', at, stepId, output: out.output, port: out.port, response: out.response, usage: out.usage, confidence: out.confidence };
  }

  private wake(signal: TimedWake, at: string) {
    this.wakeups.add(signal, at);
  }

  private scope(input: unknown): Scope {
    return stepScope(this.state!, input, this.stepsView);
  }

  private isTerminal() {
    const st = this.state?.status;
    return st === 'succeeded' || st === 'failed' || st === 'cancelled';
  }

  private async commit(terminal: boolean) {
    const s = this.state!;
    const { steps, events } = this.log.drain();
    const parked = !terminal && this.parked();
    const batch = {
      first: !this.committed,
      meta: this.d.meta,
      status: s.status,
      state: terminal ? null : s,
      output: s.output ?? null,
      error: s.error ?? null,
      leaseOwner: terminal || parked || this.slicing ? null : this.d.workerId,
      finishedAt: terminal ? this.now() : null,
      steps,
      events,
      wakeups: this.wakeups.drain(),
      reviews: this.reviews,
      reviewWebhook: this.reviews.length > 0 && this.d.prepared.flow.settings.reviewWebhook !== undefined,
      releasesSlot: terminal && !this.d.meta.isTest && this.d.prepared.flow.settings.concurrency !== undefined,
      hasRunTimeout: this.d.prepared.flow.settings.runTimeoutMs !== undefined,
      ...failureFollowUps(this.d.prepared.flow, this.d.meta, s, terminal && s.status === 'failed'),
    };
    this.reviews = [];
    this.externalResult = false;
    await this.d.store.commit(batch);
    this.committed = true;
    this.leaseHeld = batch.leaseOwner !== null;
  }

  private sliceDue(): boolean {
    return sliceDue({
      applied: this.applied, inflight: this.inflight.size, awaitingResponse: !!this.d.onRespond && !this.responded,
      elapsedMs: this.d.clock.now().getTime() - this.sliceStart, sliceMs: this.d.sliceMs, pending: this.signals,
      isPure: (id) => this.d.prepared.steps.get(id)?.def.effect === 'pure',
    });
  }

  private async yieldSlice() {
    const at = this.now();
    this.signals = [];
    this.afterCommit = [];
    this.slicing = true;
    this.log.note('RunYielded', { afterMs: this.d.clock.now().getTime() - this.sliceStart }, at);
    this.wakeups.queueOnly({ at, signal: { type: 'slice', stepId: '' } });
    await this.commit(false);
    this.finish();
  }

  /**
   * A waiting run with nothing in flight and no wake-up in the next moments is parked: its
   * lease is released and it holds nothing here; the queued wake-up or a decision resumes it.
   */
  private parked(): boolean {
    if (this.state?.status !== 'waiting' || this.inflight.size > 0 || this.childChecksDue > 0) return false;
    return !this.wakeups.dueWithin(PARK_AFTER_MS);
  }

  private finish() {
    this.finished = true;
    this.releaseChildWake?.();
    this.abortAll();
    const s = this.state!;
    this.settle({ status: s.status, output: s.output ?? null, error: s.error });
  }

  private abortAll() {
    for (const t of this.childLooks.values()) clearTimeout(t);
    this.wakeups.clearTimers();
    for (const ac of this.inflight.values()) ac.abort();
  }
}
