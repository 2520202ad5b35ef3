'use client';
import type { LiveText } from '@/components/canvas/use-run-status';

/** Running steps' streamed text (model output as it arrives); replaced by the output when each ends. */
export function LiveOutput({ live, name }: { live: Record<string, LiveText> | undefined; name: (stepId: string) => string }) {
  const entries = Object.entries(live ?? {});
  if (!entries.length) return null;
  return (
    <section aria-label="Live output" className="rounded-md border border-brand-100 bg-white p-3">
      <h2 className="mb-1 font-semibold">Live output</h2>
      {entries.map(([stepId, l]) => (
        <div key={stepId} className="mb-2">
          <p className="text-xs text-slate-500">
            {name(stepId)}
            {l.attempt > 1 ? ` · attempt ${l.attempt}` : ''}
          </p>
          {l.notes.length ? (
            <ul className="text-xs text-slate-600">
              {l.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
          <pre data-testid={`run.live.${stepId}`} aria-live="polite" className="max-h-48 overflow-auto whitespace-pre-wrap text-sm">
            {l.text}
          </pre>
        </div>
      ))}
    </section>
  );
}
