'use client';
import { useState, useTransition } from 'react';
import { kilobytes, showJson } from '@/lib/json/ui-value';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { JsonField } from '@/components/canvas/json-field';
import { rerunFromStep } from '@/lib/actions/runs';
import { diffStep } from '@/lib/workflow/diff';
import type { StepInput } from '@/lib/workflow/types';
import { formatAttemptUsage, formatCost, formatTokens, type AttemptUsage } from '@/lib/query/run-usage';

/** What "Re-run from here" needs: the run, and the step as the run pinned it and as the draft has it now. */
export type RerunChoice = { runId: string; isTest: boolean; pinnedLabel: string; pinned?: StepInput; draft?: StepInput };

/** `full` holds the size in bytes of a value the page only carries a preview of. */
export type Attempt = { stepId: string; attempt: number; status: string; input: unknown; output: unknown; error: unknown; full?: { input?: number; output?: number }; startedAt: string; finishedAt: string | null;
  /** The registry tool version this attempt called (Tool call steps). */
  toolVersion?: number | null;
  /** step_runs usage columns: tokens null when the attempt called no model, cost null when its price is unknown. */
  tokens?: number | null; costUsd?: number | null;
  /** Input/output split and cache hit, from the attempt's StepSucceeded event. */
  usage?: AttemptUsage };


function WholeValue({ runId, a, part }: { runId?: string; a: Attempt; part: 'input' | 'output' }) {
  const bytes = a.full?.[part];
  if (!bytes) return null;
  const kb = kilobytes(bytes);
  const href = runId ? `/api/runs/${runId}/values?step=${encodeURIComponent(a.stepId)}&attempt=${a.attempt}&part=${part}` : undefined;
  return (
    <p className="mb-1 text-xs text-amber-800" data-testid={`drawer.${a.stepId}.${part}.truncated`}>
      A preview: the whole {part} is {kb} KB. {href ? <a className="text-brand-600 underline" href={href} download>Download it</a> : null}
    </p>
  );
}
/** The attempt's model usage: the event's split when there is one, else the row's total. */
function AttemptUsageLine({ stepId, a }: { stepId: string; a: Attempt }) {
  const text = a.usage ? formatAttemptUsage(a.usage) : a.tokens != null ? `${formatTokens(a.tokens)} · cost ${formatCost(a.costUsd ?? null)}` : null;
  if (!text) return null;
  return <p data-testid={`drawer.${stepId}.usage.${a.attempt}`} className="mb-2 rounded bg-slate-50 px-2 py-1 text-xs text-slate-700">{text}</p>;
}

/** Every recorded attempt of one step: input, output, error, timing. */
export function StepDrawer({ runId, stepId, name, attempts, onClose, rerun }: { runId?: string; stepId: string; name?: string; attempts: Attempt[]; onClose: () => void; rerun?: RerunChoice }) {
  // A preview is not the input: when the recorded one is large, leaving the field empty re-runs with it unchanged.
  const lastInputCut = !!attempts.at(-1)?.full?.input;
  const [input, setInput] = useState<unknown>(lastInputCut ? undefined : attempts.at(-1)?.input);
  return (
    <aside role="dialog" aria-label={`Step ${name ?? stepId}`} className="fixed top-0 right-0 z-40 flex h-full w-[32rem] flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-5 shadow-xl">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{name ?? stepId}{name && name !== stepId ? <span className="ml-2 font-mono text-xs font-normal text-slate-500">{stepId}</span> : null}</h2>
        <button type="button" onClick={onClose} className="text-sm text-brand-600 hover:underline">Close</button>
      </div>
      {rerun ? <RerunSection stepId={stepId} choice={rerun} input={input} setInput={setInput} inputCut={lastInputCut} /> : null}
      {attempts.length === 0 ? <p className="text-sm text-slate-600">This step has not run (yet) in this run, or its data is still uncommitted.</p> : null}
      {attempts.map((a) => (
        <section key={a.attempt} className="rounded-md border border-slate-200 p-3 text-sm">
          <p className="mb-2 font-medium">Attempt {a.attempt} · {a.status}{a.finishedAt ? ` · ${new Date(a.finishedAt).getTime() - new Date(a.startedAt).getTime()} ms` : ''}{a.toolVersion ? <span data-testid="attempt-tool-version"> · tool version {a.toolVersion}</span> : null}</p>
          <AttemptUsageLine stepId={stepId} a={a} />
          <h3 className="text-xs font-semibold text-slate-500 uppercase">Input</h3>
          <WholeValue runId={runId} a={a} part="input" />
          <pre data-testid={`drawer.${stepId}.input`} className="mb-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{showJson(a.input)}</pre>
          <h3 className="text-xs font-semibold text-slate-500 uppercase">Output</h3>
          <WholeValue runId={runId} a={a} part="output" />
          <pre data-testid={`drawer.${stepId}.output`} className="mb-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{showJson(a.output)}</pre>
          {a.error ? (<><h3 className="text-xs font-semibold text-red-600 uppercase">Error</h3><pre className="max-h-32 overflow-auto rounded bg-red-50 p-2 text-xs">{showJson(a.error)}</pre></>) : null}
        </section>
      ))}
    </aside>
  );
}

/**
 * Re-run from this step on the version the run pinned or on the current draft, with what differs
 * between them at this step; the draft is the default for a test run (the fix just made in the
 * editor), the pinned version for a production run. The draft always makes a test run.
 */
function RerunSection({ stepId, choice, input, setInput, inputCut }: { stepId: string; choice: RerunChoice; input: unknown; setInput: (v: unknown) => void; inputCut: boolean }) {
  const [source, setSource] = useState<'pinned' | 'draft'>(choice.isTest && choice.draft ? 'draft' : 'pinned');
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const changes = choice.draft ? diffStep(choice.pinned, choice.draft) : [];
  return (
    <section aria-label="Re-run from this step" className="flex flex-col gap-2 rounded-md border border-brand-100 bg-brand-50 p-3">
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="mb-1 text-xs font-semibold text-slate-600">Re-run on</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name={`rerun-${stepId}`} checked={source === 'draft'} disabled={!choice.draft} onChange={() => setSource('draft')} />
          The current draft <span className="text-xs text-slate-500">(a test run{choice.draft ? '' : '; this step is not in the draft'})</span>
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`rerun-${stepId}`} checked={source === 'pinned'} onChange={() => setSource('pinned')} />
          The version this run pinned <span className="text-xs text-slate-500">({choice.pinnedLabel})</span>
        </label>
      </fieldset>
      {choice.draft ? (
        <div data-testid="rerun.diff" className="rounded bg-white p-2 text-xs">
          {changes.length === 0 ? <p className="text-slate-600">This step is the same in both.</p> : (
            <>
              <p className="mb-1 font-medium text-slate-700">The draft differs at this step:</p>
              <ul className="flex flex-col gap-1">
                {changes.map((c) => (
                  <li key={c.field}><span className="font-medium">{c.field}</span>: <del className="break-all text-red-700">{c.before}</del> → <ins className="break-all text-emerald-700 no-underline">{c.after}</ins></li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
      <JsonField label="Input for this step (edit, then re-run; earlier steps are reused)" value={input} onChange={setInput} rows={4} />
      {inputCut ? <p className="text-xs text-slate-600">The recorded input is too large to edit here; leave the field empty to re-run with it unchanged.</p> : null}
      <Button disabled={pending} className="self-start" onClick={() => start(async () => {
        const r = await rerunFromStep({ runId: choice.runId, stepId, input, source });
        if (!r.ok) return toast(r.error, 'error');
        router.push(`/runs/${r.data.runId}`);
      })}>Re-run from here</Button>
    </section>
  );
}
