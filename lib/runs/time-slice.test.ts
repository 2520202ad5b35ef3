import { describe, expect, it } from 'vitest';
import { sliceDue } from './time-slice';

const base = { applied: 3, inflight: 0, awaitingResponse: false, elapsedMs: 40_000, sliceMs: 30_000, pending: [{ type: 'stepSucceeded' as const, at: '', stepId: 'a', output: 1 }], isPure: (id: string) => id === 'a' };

describe('time slice', () => {
  it('hands the run back once its slice is over and only pure results are pending', () => {
    expect(sliceDue(base)).toBe(true);
  });
  it('never while an effect is in flight, a sync caller waits, before progress, or within the slice', () => {
    expect(sliceDue({ ...base, inflight: 1 })).toBe(false);
    expect(sliceDue({ ...base, awaitingResponse: true })).toBe(false);
    expect(sliceDue({ ...base, applied: 0 })).toBe(false);
    expect(sliceDue({ ...base, elapsedMs: 10 })).toBe(false);
  });
  it('never with an effectful result pending (it would be lost and the call repeated)', () => {
    expect(sliceDue({ ...base, pending: [{ type: 'stepSucceeded', at: '', stepId: 'http', output: 1 }] })).toBe(false);
  });
});
