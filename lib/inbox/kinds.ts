/**
 * The kinds of task in the one queue, and how each is shown and decided. Isomorphic: the task page,
 * the filters and the API read it. `db/schema/reviews.ts` stores the same names (REVIEW_KINDS; a
 * test keeps the two equal) and the kernel's `requestReview` command names its kind from them.
 *
 * `tool-approval` is the tool registry's `needs approval` rule (lib/engine/approval-gate.ts): the
 * task's proposal is the exact input the tool will be called with, and an edit changes that input
 * (checked against the step definition's `approvalInput` contract), not an output.
 */
export const TASK_KINDS = ['escalation', 'review-step', 'tool-approval'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export type TaskKindView = {
  /** The kind as people read it (badges, filters). */
  label: string;
  /** The heading over the task's proposal. */
  subject: string;
  /** What an edit replaces: the step's output, or the input a tool call waits to run with. */
  edits: 'output' | 'input';
};

export const TASK_KIND_VIEWS = {
  escalation: { label: 'Escalation', subject: 'Proposed output', edits: 'output' },
  'review-step': { label: 'Human review', subject: 'Data to review', edits: 'output' },
  'tool-approval': { label: 'Tool approval', subject: 'Tool call waiting (the exact input it will run with)', edits: 'input' },
} as const satisfies Record<TaskKind, TaskKindView>;

/** A stored kind's view; a kind this build does not know reads as an escalation, never a crash. */
export function kindView(kind: string): TaskKindView {
  return (TASK_KIND_VIEWS as Record<string, TaskKindView>)[kind] ?? TASK_KIND_VIEWS.escalation;
}
