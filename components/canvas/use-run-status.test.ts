import { describe, expect, it } from 'vitest';
import { applyRunEvent, foldRunEvents, type RunView } from './use-run-status';
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
