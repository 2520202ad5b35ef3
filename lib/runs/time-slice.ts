import type { Signal } from '@/lib/engine/types';

/**
 * Time slice: a run that has held its worker for longer than `sliceMs` goes back to the queue at
 * a safe point, so one long run cannot hog a worker while others wait. Safe means nothing
 * effectful is in flight and every pending signal is a pure step's result (those steps are
 * computed again, identically, on resume). Never while a sync caller waits for its response
 * here, and only after making progress, so a tiny slice still moves the run forward.
 */
export function sliceDue(a: { applied: number; inflight: number; awaitingResponse: boolean; elapsedMs: number; sliceMs: number; pending: Signal[]; isPure: (stepId: string) => boolean }): boolean {
  if (a.applied === 0 || a.inflight > 0 || a.awaitingResponse || a.elapsedMs < a.sliceMs) return false;
  return a.pending.every((s) => (s.type === 'stepSucceeded' || s.type === 'stepFailed') && a.isPure(s.stepId));
}
