'use client';
import { useState, useTransition } from 'react';
import { kilobytes, showJson } from '@/lib/json/ui-value';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { JsonField } from '@/components/canvas/json-field';
import { rerunFromStep } from '@/lib/actions/runs';

/** `full` holds the size in bytes of a value the page only carries a preview of. */
export type Attempt = { stepId: string; attempt: number; status: string; input: unknown; output: unknown; error: unknown; full?: { input?: number; output?: number }; startedAt: string; finishedAt: string | null };


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

/** Every recorded attempt of one step: input, output, error, timing. */
export function StepDrawer({ runId, stepId, attempts, onClose, rerun }: { runId?: string; stepId: string; attempts: Attempt[]; onClose: () => void; rerun?: { runId: string } }) {
  // A preview is not the input: when the recorded one is large, leaving the field empty re-runs with it unchanged.
  const lastInputCut = !!attempts.at(-1)?.full?.input;
  const [input, setInput] = useState<unknown>(lastInputCut ? undefined : attempts.at(-1)?.input);
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  return (
    <aside role="dialog" aria-label={`Step ${stepId}`} className="fixed top-0 right-0 z-40 flex h-full w-[32rem] flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-5 shadow-xl">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{stepId}</h2>
        <button type="button" onClick={onClose} className="text-sm text-brand-600 hover:underline">Close</button>
      </div>
      {rerun ? (
        <section aria-label="Re-run from this step" className="flex flex-col gap-2 rounded-md border border-brand-100 bg-brand-50 p-3">
          <JsonField label="Input for this step (edit, then re-run; earlier steps are reused)" value={input} onChange={setInput} rows={4} />
          {lastInputCut ? <p className="text-xs text-slate-600">The recorded input is too large to edit here; leave the field empty to re-run with it unchanged.</p> : null}
          <Button disabled={pending} className="self-start" onClick={() => start(async () => {
            const r = await rerunFromStep({ runId: rerun.runId, stepId, input });
            if (!r.ok) return toast(r.error, 'error');
            router.push(`/runs/${r.data.runId}`);
          })}>Re-run from here</Button>
        </section>
      ) : null}
      {attempts.length === 0 ? <p className="text-sm text-slate-600">This step has not run (yet) in this run, or its data is still uncommitted.</p> : null}
      {attempts.map((a) => (
        <section key={a.attempt} className="rounded-md border border-slate-200 p-3 text-sm">
          <p className="mb-2 font-medium">Attempt {a.attempt} · {a.status}{a.finishedAt ? ` · ${new Date(a.finishedAt).getTime() - new Date(a.startedAt).getTime()} ms` : ''}</p>
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
