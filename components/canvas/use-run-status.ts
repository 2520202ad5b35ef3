'use client';
import { useEffect, useState } from 'react';
import { decodeRunEvent, TERMINAL_EVENTS, type LoggedRunEvent } from '@/lib/engine/events';

export type StepStatus = { status: string; detail?: string };
export type RunView = { status: string; steps: Record<string, StepStatus>; lastEventId: number };

/**
 * Folds one decoded run event into what the canvas shows per step. Shared by the editor and the
 * run view; pure, so the same events always give the same view.
 */
export function applyRunEvent(v: RunView, { id, event: e }: LoggedRunEvent): RunView {
  const steps = { ...v.steps };
  const set = (stepId: string, status: string, detail?: string) => (steps[stepId] = { status, detail });
  switch (e.type) {
    case 'StepStarted': set(e.stepId, 'running', e.alt ? `alternative ${e.alt}` : undefined); break;
    case 'StepSucceeded': set(e.stepId, e.pinned ? 'pinned' : e.reused ? 'reused' : 'succeeded'); break;
    case 'StepFailed': if (e.final) set(e.stepId, 'failed', e.error.message); break;
    case 'StepRetrying': set(e.stepId, 'retrying', `attempt ${e.attempt}`); break;
    case 'FallbackTaken': set(e.stepId, 'rerouted', `alternative ${e.alt}`); break;
    case 'ReviewRequested': set(e.stepId, 'waiting', 'waiting for review'); break;
    case 'ReviewResolved': set(e.stepId, 'running', `review: ${e.action}`); break;
    case 'StepSkipped': set(e.stepId, 'skipped', e.reason); break;
    case 'StepCancelled': set(e.stepId, 'cancelled'); break;
  }
  // A run waiting on a review holds no process: the run page reads "waiting", so must the editor.
  const waiting = e.type === 'ReviewRequested' ? 'waiting' : e.type === 'ReviewResolved' && !TERMINAL.has(v.status) ? 'running' : v.status;
  const status = e.type === 'RunCompleted' ? 'succeeded' : e.type === 'RunFailed' ? 'failed' : e.type === 'RunCancelled' ? 'cancelled' : waiting;
  return { status, steps, lastEventId: id };
}

/** Decodes stored or streamed rows (skipping what this build does not know) and folds them. */
export function foldRunEvents(v: RunView, rows: readonly unknown[]): RunView {
  return rows.reduce<RunView>((acc, row) => {
    const e = decodeRunEvent(row);
    return e ? applyRunEvent(acc, e) : acc;
  }, v);
}

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Streams a run's events over SSE (the browser resumes with Last-Event-ID on reconnect). */
export function useRunStatus(runId: string | null, initial?: RunView): RunView | null {
  const [view, setView] = useState<RunView | null>(initial ?? null);
  useEffect(() => {
    if (!runId) return;
    setView(initial ?? { status: 'running', steps: {}, lastEventId: 0 });
    const es = new EventSource(`/api/runs/${runId}/events${initial ? `?after=${initial.lastEventId}` : ''}`);
    es.onmessage = (m) => {
      const e = decodeRunEvent(JSON.parse(m.data));
      if (!e) return;
      setView((v) => (v && e.id <= v.lastEventId ? v : applyRunEvent(v ?? { status: 'running', steps: {}, lastEventId: 0 }, e)));
      if (TERMINAL_EVENTS.has(e.event.type)) es.close();
    };
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  return view;
}
