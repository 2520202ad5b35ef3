import { toIso } from '@/lib/time';
import { uiValue } from '@/lib/json/ui-value';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getRunDetail } from '@/db/queries/runs';
import { getFlow } from '@/db/queries/flows';
import { requirePageRole, hasRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { RunView } from '@/components/runs/run-view';
import type { FlowInput } from '@/lib/workflow/types';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageRole(SECTIONS.runs.roles);
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const d = await getRunDetail(getDb(), id);
  if (!d) notFound();
  const canRun = hasRole(user, ['admin', 'analyst']);
  // The current draft, for "Re-run from here" to offer it beside the pinned version.
  const flow = canRun ? await getFlow(getDb(), d.run.flowId) : undefined;
  return (
    <RunView
      run={{ id: d.run.id, flowId: d.run.flowId, flowName: d.run.flowName, status: d.run.status, isTest: d.run.isTest, triggerKind: d.run.triggerKind, version: d.run.versionNumber, startedAt: toIso(d.run.startedAt)!, finishedAt: toIso(d.run.finishedAt), output: uiValue(d.run.output).value, error: d.run.error ?? null }}
      definition={d.run.definition as FlowInput}
      draft={(flow?.draft as FlowInput | undefined) ?? null}
      attempts={d.steps.map((s) => {
        const input = uiValue(s.input);
        const output = uiValue(s.output);
        return { stepId: s.stepId, attempt: s.attempt, status: s.status, input: input.value, output: output.value, error: uiValue(s.error).value, full: { input: input.fullBytes, output: output.fullBytes }, startedAt: toIso(s.startedAt)!, finishedAt: toIso(s.finishedAt), toolVersion: s.toolVersion, tokens: s.tokens, costUsd: s.costUsd };
      })}
      events={d.events.map((e) => ({ id: e.id, type: e.type, stepId: e.stepId, data: (e.data ?? null) as Record<string, unknown> | null }))}
      reviews={d.reviews.map((r) => ({ id: r.id, stepId: r.stepId, reason: r.reason, proposed: uiValue(r.proposedOutput).value, deadline: toIso(r.deadline) }))}
      can={{ cancel: canRun, review: hasRole(user, ['admin', 'reviewer']) }}
    />
  );
}
