import type { PRIORITIES } from './filters';

/** A task as the queue (page and API) lists it. */
export type InboxItem = {
  id: string;
  runId: string;
  stepId: string;
  kind: string;
  reason: string;
  priority: (typeof PRIORITIES)[number];
  state: 'open' | 'claimed' | 'expired' | 'decided' | 'cancelled';
  deadline: string | null;
  createdAt: string;
  tier: number;
  approvals: { have: number; need: number };
  assignee: { userId: string | null; name: string | null; role: string | null };
  claimedBy: { id: string; name: string | null } | null;
  flow: { id: string; name: string };
};


/** Everything the task page shows: why the task is here, the step's data, and who did what. */
export type TaskView = InboxItem & {
  proposed: unknown;
  input: unknown;
  /** What the flow chose to show beside the step's data (an escalation's `show`), or why it cannot be shown. */
  context: { value: unknown } | { error: string } | null;
  onTimeout: string;
  claimedAt: string | null;
  resolution: unknown;
  resolvedBy: string | null;
  resolvedAt: string | null;
  runStatus: string;
  why: { confidence: unknown; threshold: number } | null;
  attempts: { attempt: number; status: string; error: unknown; startedAt: string; finishedAt: string | null }[];
  step: { name: string; type: string; ports: string[]; outputSchema: Record<string, unknown> | null; instructions: string | null };
  comments: { id: string; body: string; at: string; author: string | null }[];
};

