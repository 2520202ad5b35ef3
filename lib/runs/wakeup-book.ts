import type { RunState } from '@/lib/engine/types';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import type { Clock, Signal, Wakeup, WakeSignal } from './types';
import type { TimedWake } from './wake-signal';

/**
 * A live run's timed wake-ups (retry back-offs, timers, review deadlines, the run timeout): each
 * is queued for the next commit (the durable copy, for when the run parks or its process dies)
 * and, while the run stays here, armed as an in-process timer that delivers it.
 */
export class WakeupBook {
  private queued: Wakeup[] = [];
  private timers = new Map<ReturnType<typeof setTimeout>, number>();

  constructor(
    private clock: Clock,
    private onDue: (w: TimedWake) => void,
  ) {}

  add(signal: TimedWake, at: string) {
    this.queued.push({ at, signal });
    const due = Date.parse(at);
    const delay = due - this.clock.now().getTime();
    if (delay < 2 ** 31 - 1) {
      const t = setTimeout(
        () => {
          this.timers.delete(t);
          this.onDue(signal);
        },
        Math.max(0, delay),
      );
      this.timers.set(t, due);
    }
  }

  /** Queues a wake-up with no timer here (a time slice's hand-back: another executor takes it). */
  queueOnly(w: Wakeup) {
    this.queued.push(w);
  }

  /**
   * Whoever takes a run owns all its timed wake-ups, read from the committed state: an in-process
   * timer each, and their queued copies written again. A queued wake-up may have been spent while
   * a process that has since died held the run; nothing may depend on that process's memory.
   */
  rearm(flow: PreparedFlow, state: RunState, taken?: WakeSignal | Signal) {
    // The wake-up (or decision) this resume delivers is not armed again.
    const takes = (t: string) => (t === 'reviewResolved' ? 'reviewDeadline' : t);
    const due = (type: TimedWake['type'], stepId: string) => !(taken && takes(taken.type) === type && 'stepId' in taken && taken.stepId === stepId);
    for (const [id, n] of Object.entries(state.nodes)) {
      if (n.status === 'retrying' && n.retryAt && due('retryDue', id)) this.add({ type: 'retryDue', stepId: id }, n.retryAt);
      if (n.status !== 'waiting' || !n.wakeAt) continue;
      const type = flow.steps.get(id)?.def.effect === 'timer' ? 'timerDue' : 'reviewDeadline';
      if (due(type, id)) this.add({ type, stepId: id }, n.wakeAt);
    }
    const limit = flow.flow.settings.runTimeoutMs;
    if (limit && due('runTimeout', '')) this.add({ type: 'runTimeout', stepId: '' }, new Date(Date.parse(state.startedAt) + limit).toISOString());
  }

  /** Wake-ups not yet written by a commit. */
  get pending(): boolean {
    return this.queued.length > 0;
  }

  /** Hands the queued wake-ups to the commit being built. */
  drain(): Wakeup[] {
    const w = this.queued;
    this.queued = [];
    return w;
  }

  /** Whether an in-process timer comes due within `ms` (then the run stays here instead of parking). */
  dueWithin(ms: number): boolean {
    const soon = this.clock.now().getTime() + ms;
    for (const due of this.timers.values()) if (due <= soon) return true;
    return false;
  }

  clearTimers() {
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
  }
}
