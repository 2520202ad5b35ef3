'use client';
import { memo, useMemo } from 'react';
import type { FlowIssue } from '@/lib/workflow/prepare';
import { pathWarnings } from '@/lib/workflow/path-check';
import { triggerHint } from '@/lib/workflow/trigger-hint';
import { useFlowStore } from './flow-store';
import { Inspector } from './inspector';
import { StepTestPanel } from './step-test-panel';
import { TestEventListener } from './test-event-listener';
import { ProblemsPanel } from './problems-panel';
import { RAIL } from './use-panels';

type Props = {
  collapsed: boolean;
  onToggle: () => void;
  flowId: string;
  /** The flow's test webhook URL, for the webhook trigger's "Listen for a test event". */
  testUrl: string;
  issues: FlowIssue[];
  runId: string | null;
  runStatus?: string;
  beforeRun: () => Promise<void>;
  onRun: (runId: string) => void;
  /** Selects a step and brings it into view. */
  onFocus: (stepId: string) => void;
};

/**
 * The editor's right panel: the selected step's inspector and test panel, then problems, warnings
 * and hints for the whole flow; folds into a rail that still counts the problems.
 */
export const EditorSide = memo(function EditorSide(p: Props) {
  const doc = useFlowStore((s) => s.doc);
  const selected = useFlowStore((s) => s.selected);
  const { updateStep, removeSteps } = useFlowStore.getState();
  const warnings = useMemo(() => pathWarnings(doc), [doc]);
  const hints = useMemo(() => [triggerHint(doc)].filter((h): h is string => !!h), [doc]);
  const step = doc.steps.find((s) => s.id === selected);
  const n = p.issues.length;
  if (p.collapsed) {
    return (
      <div className={`${RAIL} border-l`}>
        <button type="button" aria-label="Show inspector" title="Show inspector" onClick={p.onToggle} className="rounded px-1 text-slate-600 hover:bg-slate-100 [writing-mode:vertical-rl]">« Inspector{n ? ` · ${n} problem${n > 1 ? 's' : ''}` : ''}</button>
      </div>
    );
  }
  return (
    <aside aria-label="Inspector" className="relative flex w-72 shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4">
      <button type="button" aria-label="Hide inspector" title="Hide inspector" onClick={p.onToggle} className="absolute top-2 right-2 rounded px-1 text-slate-500 hover:bg-slate-100">»</button>
      {step ? (
        <>
          <Inspector key={step.id} step={step} onChange={(patch) => updateStep(step.id, patch)} onDelete={() => removeSteps([step.id])} />
          {step.type === 'webhook-trigger' ? (
            <TestEventListener flowId={p.flowId} testUrl={p.testUrl} method={String((step.config as { method?: string } | undefined)?.method ?? 'POST')} beforeListen={p.beforeRun} onRun={p.onRun} />
          ) : null}
          <StepTestPanel flowId={p.flowId} step={step} runId={p.runId} runStatus={p.runStatus} beforeRun={p.beforeRun} onRun={p.onRun} onPin={(pinned) => updateStep(step.id, { pinned })} />
        </>
      ) : (
        <p className="pr-6 text-sm text-slate-600">Select a step to configure it, or add one from the palette.</p>
      )}
      <section aria-label="Problems panel" className="border-t border-slate-200 pt-3">
        <h2 className="mb-2 text-sm font-semibold">Problems ({n})</h2>
        <ProblemsPanel issues={p.issues} warnings={warnings} hints={hints} nameOf={(id) => doc.steps.find((s) => s.id === id)?.name || id} onFocus={p.onFocus} />
      </section>
    </aside>
  );
});
