import { describe, expect, it } from 'vitest';
import { applyProgress, applyRunEvent, foldRunEvents, type RunView } from './use-run-status';
import type { RunEvent } from '@/lib/engine/events';

const empty: RunView = { status: 'running', steps: {}, lastEventId: 0 };
let seq = 0;
const logged = (event: RunEvent) => ({ id: ++seq, at: null, event });
const fold = (...events: RunEvent[]) => events.map(logged).reduce(applyRunEvent, empty);

describe('applyRunEvent (the canvas run store)', () => {
  it('shows each step as its latest event says, with details', () => {
    const v = fold(
      { type: 'RunStarted', trigger: 'manual' },
      { type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 },
      { type: 'StepStarted', stepId: 'b', attempt: 3, alt: 1 },
      { type: 'StepRetrying', stepId: 'c', attempt: 2, at: '2026-01-01T00:00:00.000Z', error: { kind: 'X', message: 'm' } },
      { type: 'FallbackTaken', stepId: 'd', alt: 2, reason: 'error' },
      { type: 'ReviewRequested', stepId: 'e', reason: 'check', deadline: '2026-01-02T00:00:00.000Z' },
      { type: 'StepSkipped', stepId: 'f', reason: 'branch not taken' },
      { type: 'StepCancelled', stepId: 'g' },
    );
    expect(v.steps).toEqual({
      a: { status: 'running', detail: undefined },
      b: { status: 'running', detail: 'alternative 1' },
      c: { status: 'retrying', detail: 'attempt 2' },
      d: { status: 'rerouted', detail: 'alternative 2' },
      e: { status: 'waiting', detail: 'waiting for review' },
      f: { status: 'skipped', detail: 'branch not taken' },
      g: { status: 'cancelled', detail: undefined },
    });
    // The review request is the latest event that speaks for the run: it waits, as the run page says.
    expect(v.status).toBe('waiting');
  });

  it('tells pinned and reused outputs apart from ones that ran', () => {
    const v = fold(
      { type: 'StepSucceeded', stepId: 'a', attempt: 1 },
      { type: 'StepSucceeded', stepId: 'b', attempt: 1, pinned: true },
      { type: 'StepSucceeded', stepId: 'c', attempt: 1, reused: true },
    );
    expect([v.steps.a?.status, v.steps.b?.status, v.steps.c?.status]).toEqual(['succeeded', 'pinned', 'reused']);
  });

  it('marks a step failed only on its final failure, with the message', () => {
    const error = { kind: 'HttpError', message: 'upstream said 503' };
    const retrying = fold({ type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 }, { type: 'StepFailed', stepId: 'a', attempt: 1, error, final: false });
    expect(retrying.steps.a?.status).toBe('running');
    const failed = applyRunEvent(retrying, logged({ type: 'StepFailed', stepId: 'a', attempt: 2, error, final: true }));
    expect(failed.steps.a).toEqual({ status: 'failed', detail: 'upstream said 503' });
  });

  it.each([
    [{ type: 'RunCompleted' } as RunEvent, 'succeeded'],
    [{ type: 'RunFailed', error: { kind: 'X', message: 'm' } } as RunEvent, 'failed'],
    [{ type: 'RunCancelled' } as RunEvent, 'cancelled'],
  ])('%o ends the run as %s', (ev, status) => {
    expect(fold(ev).status).toBe(status);
  });

  it('records the last event id and leaves the input view untouched', () => {
    const before = fold({ type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 });
    const snapshot = structuredClone(before);
    const after = applyRunEvent(before, { id: 999, at: null, event: { type: 'StepSucceeded', stepId: 'a', attempt: 1 } });
    expect(after.lastEventId).toBe(999);
    expect(before).toEqual(snapshot);
  });

  it('folds stored rows through the decoder, skipping unknown ones', () => {
    const v = foldRunEvents(empty, [
      { id: 1, type: 'StepStarted', stepId: 'a', data: { attempt: 1, alt: 0 } },
      { id: 2, type: 'FromTheFuture', stepId: 'a', data: null },
      { id: 3, type: 'StepSucceeded', stepId: 'a', data: { attempt: 1 } },
    ]);
    expect(v).toEqual({ status: 'running', steps: { a: { status: 'succeeded', detail: undefined } }, lastEventId: 3 });
  });
});

describe('applyProgress (live step output in the browser)', () => {
  const msg = (stepId: string, attempt: number, seq: number, text: string) => ({ runId: 'r', stepId, attempt, seq, text });
  const running = fold({ type: 'StepStarted', stepId: 'llm', attempt: 1, alt: 0 });

  it("appends an attempt's batches in order and drops repeats and stragglers", () => {
    let v = applyProgress(running, msg('llm', 1, 4, 'Hel'));
    v = applyProgress(v, msg('llm', 1, 7, 'lo'));
    v = applyProgress(v, msg('llm', 1, 7, 'lo'));
    v = applyProgress(v, msg('llm', 1, 5, 'late'));
    expect(v.live?.llm?.text).toBe('Hello');
  });

  it("replaces an earlier attempt's text when a retry streams, and ignores the old attempt after", () => {
    let v = applyProgress(running, msg('llm', 1, 1, 'first try'));
    v = applyProgress(v, msg('llm', 2, 2, 'second'));
    v = applyProgress(v, msg('llm', 1, 3, ' more of the first'));
    expect(v.live?.llm).toMatchObject({ attempt: 2, text: 'second' });
  });

  it("clears a step's text when it ends or retries, and takes none after it ended", () => {
    let v = applyProgress(running, msg('llm', 1, 1, 'partial'));
    v = applyRunEvent(v, logged({ type: 'StepSucceeded', stepId: 'llm', attempt: 1, port: 'out', output: 'partial answer' } as RunEvent));
    expect(v.live?.llm).toBeUndefined();
    expect(applyProgress(v, msg('llm', 1, 9, 'straggler')).live?.llm).toBeUndefined();
    let w = applyProgress(running, msg('llm', 1, 1, 'partial'));
    w = applyRunEvent(w, logged({ type: 'StepRetrying', stepId: 'llm', attempt: 2, at: '2026-01-01T00:00:00.000Z', error: { kind: 'X', message: 'm' } }));
    expect(w.live?.llm).toBeUndefined();
  });

  it('keeps only the tail of a very long stream', () => {
    const v = applyProgress(running, msg('llm', 1, 1, 'x'.repeat(250_000) + 'END'));
    expect(v.live?.llm?.text.length).toBe(200_000);
    expect(v.live?.llm?.text.endsWith('END')).toBe(true);
  });
});
