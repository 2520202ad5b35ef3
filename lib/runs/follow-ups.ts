import type { RunState } from '@/lib/engine/types';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import type { CommitBatch, RunMeta } from './types';

/**
 * What a run's final commit sets off when a production run failed: the flow's error flow and
 * error webhook, both with `{ runId, flowId, error, trigger }`. Written in the same commit, so a
 * failure is never announced without having happened, nor happens without being announced.
 */
export function failureFollowUps(flow: PreparedFlow['flow'], meta: RunMeta, state: RunState | null, failed: boolean): Pick<CommitBatch, 'errorFlow' | 'errorWebhook'> {
  const { errorFlowId, errorWebhookUrl } = flow.settings;
  if (!failed || meta.isTest) return { errorFlow: null, errorWebhook: null };
  const body = { runId: meta.runId, flowId: meta.flowId, error: state?.error ?? null, trigger: meta.trigger };
  return { errorFlow: errorFlowId ? { flowId: errorFlowId, body } : null, errorWebhook: errorWebhookUrl ? { url: errorWebhookUrl, body } : null };
}
