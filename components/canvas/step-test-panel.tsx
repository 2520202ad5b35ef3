'use client';
import { useEffect, useState, useTransition } from 'react';
import { kilobytes, showJson } from '@/lib/json/ui-value';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { getStepAttempts, runStepAlone, runUpToStep } from '@/lib/actions/runs';
import type { StepInput } from '@/lib/workflow/types';
import { TERMINAL } from './use-run-status';
import { useFlowStore } from './flow-store';

type Attempt = { attempt: number; status: string; input: unknown; output: unknown; error: unknown; full?: { input?: number; output?: number } };

/**
 * The n8n-style test loop for one step: run the draft up to it, see its input and output, and
 * pin the output as sample data (used by test runs only, marked "pinned" wherever it shows).
 */
export function StepTestPanel(p: { flowId: string; step: StepInput; runId: string | null; runStatus: string | undefined; beforeRun: () => Promise<void>; onRun: (id: string) => void; onPin: (pinned: StepInput['pinned']) => void }) {
  const [pending, start] = useTransition();
  const [data, setData] = useState<Attempt | null>(null);
  const toast = useToast();
  const done = p.runId && p.runStatus && TERMINAL.has(p.runStatus);

  useEffect(() => {
    if (!done || !p.runId) return;
    void getStepAttempts({ runId: p.runId, stepId: p.step.id }).then((r) => {
      const last = r.ok ? (r.data.at(-1) ?? null) : null;
      setData(last);
      if (last) useFlowStore.getState().setSample(p.step.id, last.input);
    });
  }, [done, p.runId, p.step.id]);

  return (
    <section aria-label="Test this step" className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <div className="flex items-center gap-2">
        <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
          await p.beforeRun();
          const r = await runUpToStep({ flowId: p.flowId, stepId: p.step.id, input: {} });
          if (!r.ok) return toast(r.error, 'error');
          setData(null);
          p.onRun(r.data.runId);
        })}>Run up to here</Button>
        <Button variant="secondary" disabled={pending || !done} title={done ? 'Runs only this step, on the input it had in the last test run' : 'Run a test first, so this step has an input'} onClick={() => start(async () => {
          await p.beforeRun();
          const r = await runStepAlone({ flowId: p.flowId, stepId: p.step.id, fromRunId: p.runId! });
          if (!r.ok) return toast(r.error, 'error');
          setData(null);
          p.onRun(r.data.runId);
        })}>Run this step</Button>
        {p.step.pinned ? <span data-testid="step.pinned" className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">pinned</span> : null}
      </div>
      {data ? (
        <>
          <h3 className="text-xs font-semibold text-slate-500 uppercase">Input</h3>
          <pre data-testid="step.input" className="max-h-40 overflow-auto rounded bg-slate-50 p-2 text-xs">{showJson(data.input)}</pre>
          <h3 className="text-xs font-semibold text-slate-500 uppercase">Output ({data.status})</h3>
          <pre data-testid="step.output" className="max-h-40 overflow-auto rounded bg-slate-50 p-2 text-xs">{showJson(data.error ?? data.output)}</pre>
          {data.full?.output ? <p className="text-xs text-amber-800">A preview of a {kilobytes(data.full.output)} KB output; too large to pin as sample data.</p> : null}
          {!data.error && !data.full?.output ? <Button variant="ghost" onClick={() => p.onPin({ output: data.output })}>Pin this output</Button> : null}
        </>
      ) : null}
      {p.step.pinned ? (
        <>
          <h3 className="text-xs font-semibold text-amber-700 uppercase">Pinned output (test runs only)</h3>
          <pre className="max-h-32 overflow-auto rounded bg-amber-50 p-2 text-xs">{showJson(p.step.pinned.output)}</pre>
          <Button variant="ghost" onClick={() => p.onPin(undefined)}>Unpin</Button>
        </>
      ) : null}
    </section>
  );
}
