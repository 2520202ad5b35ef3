'use client';
import { useMemo, useCallback, useEffect, useRef, useState } from 'react';
import { saveFlowDraft } from '@/lib/actions/flows';
import { useFlowStore } from './flow-store';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/**
 * Saves the draft ~0.8 s after the last change, with optimistic concurrency: if someone else
 * saved meanwhile, nothing is overwritten; the user chooses to reload or overwrite.
 */
export function useAutosave(flowId: string, initialRevision: number) {
  const version = useFlowStore((s) => s.version);
  const revision = useRef(initialRevision);
  const [state, setStateNow] = useState<SaveState>('saved');
  // Read by the leave guard from event listeners, between renders.
  const stateRef = useRef<SaveState>('saved');
  const setState = useCallback((s: SaveState) => {
    stateRef.current = s;
    setStateNow(s);
  }, []);
  const [error, setError] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inflight = useRef<Promise<void>>(Promise.resolve());

  const save = useCallback(
    (force = false) => {
      clearTimeout(timer.current);
      const run = async () => {
        setState('saving');
        const r = await saveFlowDraft({ flowId, draft: useFlowStore.getState().doc, revision: force ? 'force' : revision.current });
        if (!r.ok) {
          setState('error');
          setError(r.error);
        } else if (r.data.conflict) {
          setState('conflict');
        } else {
          revision.current = r.data.revision;
          setState(useFlowStore.getState().version === savedAt ? 'saved' : 'dirty');
        }
      };
      const savedAt = useFlowStore.getState().version;
      inflight.current = inflight.current.then(run, run);
      return inflight.current;
    },
    [flowId, setState],
  );

  useEffect(() => {
    // Version 0 is a freshly loaded document: nothing to save (the store outlives the page, so a
    // change counted on the previous page must not leave this one "unsaved" forever).
    if (version === 0) return setState('saved');
    if (state === 'conflict') return;
    setState('dirty');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 800);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  /** Saves now if anything is pending (before publish or run). */
  const flush = useCallback(async () => {
    if (useFlowStore.getState().version !== 0 && state !== 'saved') await save();
    await inflight.current;
  }, [save, state]);

  const setRevision = useCallback((r: number) => (revision.current = r), []);
  /** Whether leaving now would lose something: a change not yet saved, or a save that failed. */
  const pending = useCallback(() => stateRef.current !== 'saved', []);
  // One object per state change, so memoised parts of the editor re-render only when it changes.
  return useMemo(() => ({ state, error, save, flush, setRevision, pending }), [state, error, save, flush, setRevision, pending]);
}
