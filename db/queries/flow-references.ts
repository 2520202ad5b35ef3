import type { Sql } from '@/db/client';
import type { Flow } from '@/lib/workflow/types';
import type { FlowIssue } from '@/lib/workflow/prepare';

/**
 * What the pure validator cannot see: flows this one names must exist. A call-flow step needs
 * the called flow with a published version (the pinned number, or an active one); an error flow
 * must exist and be published. Located like every other flow issue.
 */
export async function referenceIssues(sql: Sql, flow: Flow): Promise<FlowIssue[]> {
  const calls = flow.steps.filter((s) => s.type === 'call-flow' && typeof s.config.flowId === 'string');
  const errorFlowId = flow.settings.errorFlowId;
  const ids = [...new Set([...calls.map((s) => s.config.flowId as string), ...(errorFlowId ? [errorFlowId] : [])])];
  if (!ids.length) return [];
  const rows = await sql<{ id: string; name: string; active: boolean; numbers: number[] }[]>`
    select f.id, f.name, f.active_version_id is not null as active, coalesce(array_agg(v.number) filter (where v.number is not null), '{}') as numbers
    from flows f left join flow_versions v on v.flow_id = f.id where f.id = any(${ids}::uuid[]) group by f.id`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues: FlowIssue[] = [];
  for (const s of calls) {
    const target = byId.get(s.config.flowId as string);
    const version = s.config.version as number | undefined;
    if (!target) issues.push({ stepId: s.id, field: 'config.flowId', message: 'The called flow does not exist (was it deleted?); pick another' });
    else if (version !== undefined && !target.numbers.includes(version)) issues.push({ stepId: s.id, field: 'config.version', message: `"${target.name}" has no version ${version}` });
    else if (version === undefined && !target.active) issues.push({ stepId: s.id, field: 'config.flowId', message: `"${target.name}" has no published version to run; publish it first` });
  }
  if (errorFlowId && !byId.get(errorFlowId)?.active) issues.push({ field: 'settings.errorFlowId', message: byId.has(errorFlowId) ? 'The error flow has no published version; publish it first' : 'The error flow does not exist (was it deleted?)' });
  return issues;
}
