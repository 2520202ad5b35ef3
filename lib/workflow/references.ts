import type { Flow } from './types';
import type { FlowIssue } from './prepare';

/** A flow that another one names, as the database knows it (db/queries/flow-references). */
export type ReferencedFlow = { id: string; name: string; active: boolean; numbers: number[] };

/** The flows a flow names: called flows and its error flow. */
export function referencedFlowIds(flow: Flow): string[] {
  const calls = flow.steps.filter((s) => s.type === 'call-flow' && typeof s.config.flowId === 'string').map((s) => s.config.flowId as string);
  return [...new Set([...calls, ...(flow.settings.errorFlowId ? [flow.settings.errorFlowId] : [])])];
}

/**
 * What the pure validator cannot see: flows this one names must exist. A call-flow step needs
 * the called flow with a published version (the pinned number, or an active one); an error flow
 * must exist and be published. Located like every other flow issue. `found`: the named flows
 * that exist (pure, so the caller does the lookup).
 */
export function referenceIssues(flow: Flow, found: readonly ReferencedFlow[]): FlowIssue[] {
  const byId = new Map(found.map((r) => [r.id, r]));
  const issues: FlowIssue[] = [];
  for (const s of flow.steps.filter((x) => x.type === 'call-flow' && typeof x.config.flowId === 'string')) {
    const target = byId.get(s.config.flowId as string);
    const version = s.config.version as number | undefined;
    if (!target) issues.push({ stepId: s.id, field: 'config.flowId', message: 'The called flow does not exist (was it deleted?); pick another' });
    else if (version !== undefined && !target.numbers.includes(version))
      issues.push({ stepId: s.id, field: 'config.version', message: `"${target.name}" has no version ${version}` });
    else if (version === undefined && !target.active)
      issues.push({ stepId: s.id, field: 'config.flowId', message: `"${target.name}" has no published version to run; publish it first` });
  }
  const errorFlowId = flow.settings.errorFlowId;
  if (errorFlowId && !byId.get(errorFlowId)?.active)
    issues.push({
      field: 'settings.errorFlowId',
      message: byId.has(errorFlowId) ? 'The error flow has no published version; publish it first' : 'The error flow does not exist (was it deleted?)',
    });
  return issues;
}
