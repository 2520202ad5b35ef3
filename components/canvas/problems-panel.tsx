'use client';
import type { FlowIssue } from '@/lib/workflow/prepare';
import type { PathWarning } from '@/lib/workflow/path-check';

type Props = {
  issues: FlowIssue[];
  /** Worth knowing, not blocking: paths that cannot exist upstream. */
  warnings?: PathWarning[];
  /** Explanations of what the flow's shape means (several triggers). */
  hints?: string[];
  /** The name the analyst gave a step, for the lines below. */
  nameOf: (stepId: string) => string;
  onFocus: (stepId: string) => void;
};

/** Validation problems from the engine's validator, then warnings and hints; clicking one focuses its step. */
export function ProblemsPanel({ issues, warnings = [], hints = [], nameOf, onFocus }: Props) {
  return (
    <div className="flex flex-col gap-2">
      {issues.length ? (
        <ul aria-label="Problems" className="flex flex-col gap-1">
          {issues.map((i, n) => (
            <li key={n}>
              <button type="button" disabled={!i.stepId} onClick={() => i.stepId && onFocus(i.stepId)} className="w-full rounded px-2 py-1 text-left text-sm text-red-700 hover:bg-red-50 disabled:cursor-default">
                {i.stepId ? <strong>{nameOf(i.stepId)}: </strong> : null}
                {i.message}
              </button>
            </li>
          ))}
        </ul>
      ) : <p className="text-sm text-emerald-700">No problems: this flow can run.</p>}
      {warnings.length ? (
        <ul aria-label="Warnings" className="flex flex-col gap-1">
          {warnings.map((w, n) => (
            <li key={n}>
              <button type="button" onClick={() => onFocus(w.stepId)} className="w-full rounded px-2 py-1 text-left text-sm text-amber-800 hover:bg-amber-50">
                <strong>{nameOf(w.stepId)}: </strong>{w.message}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {hints.map((h) => <p key={h} role="note" className="rounded bg-sky-50 px-2 py-1 text-xs text-sky-900">{h}</p>)}
    </div>
  );
}
