'use client';
import { useEffect, useState } from 'react';

export type StepStatus = { status: string; detail?: string };
export type RunView = { status: string; steps: Record<string, StepStatus>; lastEventId: number };

type Ev = { id: number; type: string; stepId: string | null; data: Record<string, unknown> | null };

/** Folds run events into what the canvas shows per step. Shared by the editor and the run view. */
export function applyRunEvent(v: RunView, e: Ev): RunView {
  const steps = { ...v.steps };
  const set = (status: string, detail?: string) => e.stepId && (steps[e.stepId] = { status, detail });
  switch (e.type) {
    case 'StepStarted': set('running', e.data?.alt ? `alternative ${e.data.alt}` : undefined); break;
    case 'StepSucceeded': set(e.data?.pinned ? 'pinned' : e.data?.reused ? 'reused' : 'succeeded'); break;
    case 'StepFailed': if (e.data?.final) set('failed', String((e.data.error as { message?: string })?.message ?? '')); break;
    case 'StepRetrying': set('retrying', `attempt ${e.data?.attempt}`); break;
    case 'FallbackTaken': set('rerouted', `alternative ${e.data?.alt}`); break;
    case 'ReviewRequested': set('waiting', 'waiting for review'); break;
    case 'ReviewResolved': set('running', `review: ${String(e.data?.action ?? 'resolved')}`); break;
    case 'StepSkipped': set('skipped', String(e.data?.reason ?? '')); break;
    case 'StepCancelled': set('cancelled'); break;
  }
  // A run waiting on a review holds no process: the run page reads "waiting", so must the editor.
  const waiting = e.type === 'ReviewRequested' ? 'waiting' : e.type === 'ReviewResolved' && !TERMINAL.has(v.status) ? 'running' : v.status;
  const status = e.type === 'RunCompleted' ? 'succeeded' : e.type === 'RunFailed' ? 'failed' : e.type === 'RunCancelled' ? 'cancelled' : waiting;
  return { status, steps, lastEventId: e.id };
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
      const e = JSON.parse(m.data) as Ev;
      setView((v) => (v && e.id <= v.lastEventId ? v : applyRunEvent(v ?? { status: 'running', steps: {}, lastEventId: 0 }, e)));
      if (e.type === 'RunCompleted' || e.type === 'RunFailed' || e.type === 'RunCancelled') es.close();
    };
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  return view;
}
