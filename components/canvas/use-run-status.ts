'use client';
import { useEffect, useState } from 'react';
import { decodeRunEvent, TERMINAL_EVENTS, type LoggedRunEvent } from '@/lib/engine/events';
import { decodeProgress, type ProgressMessage } from '@/lib/sse/progress-wire';

export type StepStatus = { status: string; detail?: string };
/** A running step's streamed text so far (one attempt's; never stored). */
export type LiveText = { attempt: number; seq: number; text: string; notes: string[] };
export type RunView = { status: string; steps: Record<string, StepStatus>; lastEventId: number; live?: Record<string, LiveText> };

/** The browser keeps at most this much of one step's live text (the tail): the output is committed anyway. */
const MAX_LIVE_CHARS = 200_000;
const DONE = new Set(['succeeded', 'failed', 'pinned', 'reused', 'skipped', 'cancelled']);

/**
 * Folds one batch of live output into the view: a later attempt replaces an earlier one's text,
 * batches arriving after their step ended (or out of order) are dropped.
 */
export function applyProgress(v: RunView, m: ProgressMessage): RunView {
  if (DONE.has(v.steps[m.stepId]?.status ?? '')) return v;
  const prev = v.live?.[m.stepId];
  if (prev && (m.attempt < prev.attempt || (m.attempt === prev.attempt && m.seq <= prev.seq))) return v;
  const base = prev && prev.attempt === m.attempt ? prev : { attempt: m.attempt, seq: -1, text: '', notes: [] };
  const text = (base.text + (m.text ?? '')).slice(-MAX_LIVE_CHARS);
  const notes = m.notes ? [...base.notes, ...m.notes].slice(-20) : base.notes;
  return { ...v, live: { ...v.live, [m.stepId]: { attempt: m.attempt, seq: m.seq, text, notes } } };
}

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
  // Live text belongs to the attempt in flight: a retry or the step's end clears it.
  const ended = 'stepId' in e && e.stepId && (e.type === 'StepRetrying' || DONE.has(steps[e.stepId]?.status ?? ''));
  const live = ended && v.live?.[e.stepId] ? Object.fromEntries(Object.entries(v.live).filter(([k]) => k !== e.stepId)) : v.live;
  return { status, steps, lastEventId: id, ...(live ? { live } : {}) };
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
    es.addEventListener('progress', (m) => {
      const p = decodeProgress((m as MessageEvent<string>).data);
      if (p) setView((v) => applyProgress(v ?? { status: 'running', steps: {}, lastEventId: 0 }, p));
    });
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  return view;
}
