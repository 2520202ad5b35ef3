import { describe, expect, it } from 'vitest';
import { decodeRunEvent, encodeRunEvent, runEventSchema, toWire, type RunEvent } from './events';
import { preview } from '@/lib/json/preview';

const err = { kind: 'HttpError', message: 'upstream said 503', retryAfterMs: 2000, details: { status: 503 } };
/** One of each event type (the test below checks that none is missing). */
const SAMPLES: RunEvent[] = [
  { type: 'RunStarted', trigger: 'webhook' },
  { type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 },
  { type: 'StepSucceeded', stepId: 'a', attempt: 1, port: 'true', pinned: true },
  { type: 'StepFailed', stepId: 'b', attempt: 2, error: err, final: false },
  { type: 'StepRetrying', stepId: 'b', attempt: 2, at: '2026-01-01T00:00:02.000Z', error: err },
  { type: 'FallbackTaken', stepId: 'b', alt: 1, label: 'mirror', reason: 'error' },
  { type: 'StepAmbiguous', stepId: 'c', confidence: 0.4, threshold: 0.7 },
  { type: 'ReviewRequested', stepId: 'c', reason: 'low confidence', deadline: '2026-01-02T00:00:00.000Z' },
  { type: 'ReviewResolved', stepId: 'c', action: 'edit', actor: 'u-1', kind: 'escalation', edited: true },
  { type: 'ReviewEscalated', stepId: 'c', tier: 2, deadline: '2026-01-03T00:00:00.000Z' },
  { type: 'StepSkipped', stepId: 'd', reason: 'branch not taken' },
  { type: 'StepCancelled', stepId: 'e' },
  { type: 'ErrorEdgeTaken', stepId: 'b' },
  { type: 'RunYielded', afterMs: 250 },
  { type: 'RunCompleted' },
  { type: 'RunFailed', error: { ...err, stepId: 'b' } },
  { type: 'RunCancelled', reason: 'by analyst' },
];

/** What the database does to a row: jsonb in, jsonb out. */
const viaDb = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('the run event contract', () => {
  it('has a sample of every event type in the schema', () => {
    const types = runEventSchema.options.map((o) => o.shape.type.value).sort();
    expect(SAMPLES.map((e) => e.type).sort()).toEqual(types);
  });

  it.each(SAMPLES.map((e) => [e.type, e] as const))('%s survives encode → run_events → SSE → decode unchanged', (_t, ev) => {
    const row = viaDb(encodeRunEvent(ev));
    const wire = toWire({ id: '42', type: row.type, step_id: row.stepId, data: row.data, at: new Date('2026-01-01T00:00:00Z') });
    expect(decodeRunEvent(JSON.parse(wire))).toEqual({ id: 42, at: '2026-01-01T00:00:00.000Z', event: ev });
  });

  it('keeps stepId and type out of the stored data, and stores no data for bare events', () => {
    expect(encodeRunEvent({ type: 'StepCancelled', stepId: 'e' })).toEqual({ type: 'StepCancelled', stepId: 'e', data: null });
    expect(encodeRunEvent({ type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 })).toEqual({
      type: 'StepStarted',
      stepId: 'a',
      data: { attempt: 1, alt: 0 },
    });
  });

  it('decodes drizzle rows (camelCase, no time) as the run page passes them', () => {
    expect(decodeRunEvent({ id: 7, type: 'StepSkipped', stepId: 'd', data: { reason: 'x' } })).toEqual({
      id: 7,
      at: null,
      event: { type: 'StepSkipped', stepId: 'd', reason: 'x' },
    });
  });

  it('still decodes an event whose data the log shortened to a preview', () => {
    const huge = {
      type: 'StepFailed',
      stepId: 'b',
      attempt: 1,
      final: true,
      error: { kind: 'X', message: 'm'.repeat(20_000), details: { deep: { er: { still: [1, 2, 3] } } } },
    } as const;
    const { data } = encodeRunEvent(huge);
    const shortened = preview(data, 1024).value as Record<string, unknown>;
    const back = decodeRunEvent({ id: 1, type: 'StepFailed', stepId: 'b', data: shortened });
    expect(back?.event.type).toBe('StepFailed');
    expect(back?.event.type === 'StepFailed' && back.event.error.message.length).toBeLessThan(20_000);
  });

  it('skips what this build does not know instead of failing, and rejects malformed known events', () => {
    expect(decodeRunEvent({ id: 3, type: 'SomethingNewer', stepId: null, data: { x: 1 } })).toBeNull();
    expect(decodeRunEvent({ id: 3, type: 'StepStarted', stepId: 'a', data: { attempt: 'one', alt: 0 } })).toBeNull();
    expect(decodeRunEvent('not an object')).toBeNull();
  });
});
