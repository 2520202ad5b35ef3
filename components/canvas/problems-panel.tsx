'use client';
import type { FlowIssue } from '@/lib/workflow/prepare';

/** Validation problems from the engine's validator; clicking one focuses its step. */
export function ProblemsPanel({ issues, onFocus }: { issues: FlowIssue[]; onFocus: (stepId: string) => void }) {
  if (!issues.length) return <p className="text-sm text-emerald-700">No problems: this flow can run.</p>;
  return (
    <ul aria-label="Problems" className="flex flex-col gap-1">
      {issues.map((i, n) => (
        <li key={n}>
          <button type="button" disabled={!i.stepId} onClick={() => i.stepId && onFocus(i.stepId)} className="w-full rounded px-2 py-1 text-left text-sm text-red-700 hover:bg-red-50 disabled:cursor-default">
            {i.stepId ? <strong>{i.stepId}: </strong> : null}
            {i.message}
          </button>
        </li>
      ))}
    </ul>
  );
}
