'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { getTestEventListen, listenForTestEvent, stopListeningForTestEvent } from '@/lib/actions/test-listen';
import { kilobytes, showJson } from '@/lib/json/ui-value';

type Captured = { runId: string | null; at: string; request: { value: unknown; fullBytes?: number } | null };
type State = { secondsLeft: number; pending: boolean; captured: Captured | null };

/**
 * "Listen for a test event" beside a webhook trigger's settings: the flow's test URL runs the
 * draft only while this listens (up to 120 s, one event), as n8n's does. Shows a countdown, then
 * the captured request and its test run. The listening state lives in the database, so any
 * server process that receives the event sees it; this polls it once a second.
 */
export function TestEventListener(p: { flowId: string; testUrl: string; method: string; beforeListen: () => Promise<void>; onRun: (runId: string) => void }) {
  const [state, setState] = useState<State>({ secondsLeft: 0, pending: false, captured: null });
  const [pending, start] = useTransition();
  const toast = useToast();
  const listening = state.secondsLeft > 0;
  // Asked once a second while listening, and while a captured event's run is being recorded.
  const polling = listening || state.pending;
  const shown = useRef<string | null>(null);
  const { flowId, onRun } = p;

  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => {
      void getTestEventListen({ flowId }).then((r) => r.ok && setState(r.data));
    }, 1000);
    return () => clearInterval(timer);
  }, [polling, flowId]);

  useEffect(() => {
    const runId = state.captured?.runId;
    if (runId && shown.current !== runId) {
      shown.current = runId;
      onRun(runId);
    }
  }, [state.captured?.runId, onRun]);

  // Leaving the editor while listening closes the test URL again.
  const listeningRef = useRef(false);
  listeningRef.current = listening;
  useEffect(() => () => {
    if (listeningRef.current) void stopListeningForTestEvent({ flowId });
  }, [flowId]);

  return (
    <section aria-label="Test event" className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <h2 className="text-sm font-semibold">Test event</h2>
      {listening ? (
        <>
          <p role="status" data-testid="test-event.listening" className="text-sm text-emerald-800">
            Listening for a {p.method} to the test URL… {state.secondsLeft} s left
          </p>
          <code className="break-all text-xs">{p.testUrl}</code>
          <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
            const r = await stopListeningForTestEvent({ flowId });
            if (!r.ok) return toast(r.error, 'error');
            setState(r.data);
          })}>Stop listening</Button>
        </>
      ) : (
        <>
          <p className="text-xs text-slate-600">The test URL runs the draft only while listening (up to 2 minutes, one event); otherwise it answers 404.</p>
          <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
            await p.beforeListen();
            const r = await listenForTestEvent({ flowId });
            if (!r.ok) return toast(r.error, 'error');
            setState(r.data);
          })}>Listen for a test event</Button>
        </>
      )}
      {state.captured ? (
        <div data-testid="test-event.captured" className="flex flex-col gap-1 text-xs">
          <p>
            Captured at {state.captured.at.slice(11, 19)}: {state.captured.runId
              ? <>test run <Link className="text-brand-600 underline" href={`/runs/${state.captured.runId}`}>{state.captured.runId.slice(0, 8)}</Link></>
              : 'starting its test run…'}
          </p>
          {state.captured.request ? <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2">{showJson(state.captured.request.value)}</pre> : null}
          {state.captured.request?.fullBytes ? <p className="text-slate-500">A preview: the whole request is {kilobytes(state.captured.request.fullBytes)} KB.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
