import type { RunState, StepUsage } from '@/lib/engine/types';
import { encodeRunEvent, type RunEvent, type RunEventOf } from '@/lib/engine/events';
import type { EventRowWrite, StepRowWrite } from './types';
import { preview } from '@/lib/json/preview';

/** Events are streamed to every watcher and replayed on reconnect: their data stays small. */
export const EVENT_DATA_BYTES = 8_192;
/** Events whose data are a few fixed fields (attempt, port, flags): the hot path skips measuring them. */
const SMALL_DATA = new Set(['StepStarted', 'StepSucceeded', 'StepSkipped', 'StepCancelled', 'RunCompleted']);

/**
 * Turns kernel events into the rows of the next commit: one step_runs row per attempt (upserted,
 * so a pure step that started and finished in one batch is a single write) and run_events rows.
 * A StepStarted whose step also finished in the same batch is not persisted: nobody could have
 * observed it, and the StepSucceeded carries the timing.
 */
export class RunLog {
  private rows = new Map<string, StepRowWrite>();
  private events: (EventRowWrite & { started?: string })[] = [];
  /** Started rows of attempts still open, so that their result rows carry input and start time. */
  private open = new Map<string, StepRowWrite>();

  get dirty() {
    return this.rows.size > 0 || this.events.length > 0;
  }

  record(ev: RunEvent, state: RunState, at: string) {
    const { stepId, data } = encodeRunEvent(ev);
    if (ev.type === 'StepSucceeded' || ev.type === 'StepFailed') {
      const started = this.events.findIndex((e) => e.type === 'StepStarted' && e.step_id === stepId && e.started === String(ev.attempt));
      if (started >= 0) this.events.splice(started, 1);
    }
    this.events.push({ type: ev.type, step_id: stepId, data: data && !SMALL_DATA.has(ev.type) ? preview(data, EVENT_DATA_BYTES).value : data, at, started: ev.type === 'StepStarted' ? String(ev.attempt) : undefined });
    if (!stepId) return;
    const node = state.nodes[stepId];
    switch (ev.type) {
      case 'StepStarted':
        this.put({ step_id: stepId, iteration_path: '', attempt: ev.attempt, status: 'running', input: node?.input ?? null, output: null, error: null, started_at: at, finished_at: null });
        break;
      case 'StepSucceeded': {
        const base = this.open.get(`${stepId}:${ev.attempt}`);
        this.put({ ...(base ?? { step_id: stepId, iteration_path: '', attempt: ev.attempt, input: node?.input ?? null, started_at: at }), status: node?.bypassed ? 'bypassed' : node?.pinned ? 'pinned' : node?.reused ? 'reused' : 'succeeded', output: node?.output ?? null, error: null, finished_at: at, ...usageColumns(ev.usage) });
        break;
      }
      case 'StepFailed': {
        const base = this.open.get(`${stepId}:${ev.attempt}`);
        if (!base && !ev.final) break;
        this.put({ ...(base ?? { step_id: stepId, iteration_path: '', attempt: ev.attempt, input: node?.input ?? null, started_at: at }), status: 'failed', output: node?.output ?? null, error: ev.error, finished_at: at });
        break;
      }
      case 'StepAmbiguous': {
        // The attempt ended (below its confidence threshold); what follows is a new attempt or a
        // review. Left "running", a recovery would count it as interrupted and call it again.
        const base = this.open.get(`${stepId}:${node?.total ?? 0}`);
        if (base) this.put({ ...base, status: 'ambiguous', output: node?.output ?? null, finished_at: at });
        break;
      }
      case 'StepCancelled': {
        const n = node?.total ?? 0;
        const base = this.open.get(`${stepId}:${n}`);
        if (base) this.put({ ...base, status: 'cancelled', finished_at: at });
        break;
      }
      case 'StepSkipped':
        if (!node?.bypassed) this.put({ step_id: stepId, iteration_path: '', attempt: 0, status: 'skipped', input: null, output: null, error: null, started_at: at, finished_at: at });
        break;
    }
  }

  /** An event of the driver itself (not the kernel), e.g. a run handing itself back to the queue. */
  note<T extends 'RunYielded'>(type: T, data: Omit<RunEventOf<T>, 'type'>, at: string) {
    this.events.push({ type, step_id: null, data, at });
  }

  /** Attempts still open in the database when a run resumes here (timers, the interrupted). */
  adopt(rows: StepRowWrite[]) {
    for (const r of rows) this.open.set(`${r.step_id}:${r.attempt}`, r);
  }

  /** Marks an attempt cut short by a crash (found on resume). */
  interrupted(row: StepRowWrite, at: string) {
    this.put({ ...row, status: 'interrupted', error: { kind: 'Interrupted', message: 'The worker running this attempt stopped before it finished' }, finished_at: at });
  }

  private put(row: StepRowWrite) {
    const key = `${row.step_id}:${row.attempt}`;
    this.rows.set(key, row);
    if (row.finished_at === null) this.open.set(key, row);
    else this.open.delete(key);
  }

  /** Hands over what to write and starts the next batch. */
  drain(): { steps: StepRowWrite[]; events: EventRowWrite[] } {
    const out = { steps: [...this.rows.values()], events: this.events.map(({ started: _s, ...e }) => e) };
    this.rows.clear();
    this.events = [];
    return out;
  }
}

/** An attempt's usage as its step_runs columns (cost stays null when the price is unknown). */
function usageColumns(u: StepUsage | undefined): Pick<StepRowWrite, 'tokens' | 'cost_usd'> {
  return u ? { tokens: u.inputTokens + u.outputTokens, cost_usd: u.costUsd } : {};
}
