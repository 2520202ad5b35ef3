import { z } from 'zod';
import { defineStep } from '../types';

/**
 * A person decides here: the run waits (holding no process) on a review task of kind
 * `review-step` in the inbox. The reviewer sees the instructions and the data to show, and
 * approves it, rejects it (the error edge, else the run fails), or edits it as the form's
 * JSON Schema describes (checked before the run goes on). The decision is the step's output.
 */
export const humanReview = defineStep({
  type: 'human-review',
  label: 'Human review',
  category: 'Flow',
  description: 'Waits for a reviewer in the inbox to approve, reject or edit the data; their decision is the output.',
  effect: 'pure',
  configSchema: z.object({
    instructions: z.string().min(1, 'Tell the reviewer what to check').max(2000).default('Check the data and approve it, fix it or reject it.'),
    /** The data the reviewer sees and may edit (an expression over the run; the step's input by default). */
    show: z.unknown().default('{{ input }}'),
    /** A JSON Schema of what the reviewer may submit: the form's fields, checked on submit. */
    form: z.record(z.string(), z.unknown()).optional(),
    deadlineMs: z.number().int().min(1000).max(30 * 86_400_000).default(86_400_000),
    onTimeout: z.enum(['approve', 'reject', 'fail']).default('fail'),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    assigneeRole: z.enum(['admin', 'reviewer']).optional(),
    approvals: z.number().int().min(1).max(10).default(1),
  }),
  fields: {
    instructions: { label: 'Instructions', hint: 'What the reviewer should check; shown on the task page.' },
    show: { label: 'Data to show', hint: 'The reviewer sees this and may edit it.', example: '{{ input }}' },
    form: { label: 'Form (JSON Schema)', hint: 'The fields the reviewer may change; their edit is checked against it.' },
    deadlineMs: { label: 'Deadline (ms)', hint: 'After this the timeout action decides.' },
    onTimeout: { label: 'On timeout' },
    assigneeRole: { label: 'Assign to role' },
    approvals: { label: 'Approvals needed', hint: 'N of M: this many different people must approve.' },
  },
  ports: () => ['out'],
  review: (c) => ({
    reason: c.instructions,
    deadlineMs: c.deadlineMs,
    onTimeout: c.onTimeout,
    priority: c.priority,
    assignee: c.assigneeRole ? { role: c.assigneeRole } : undefined,
    approvals: c.approvals,
    form: c.form,
  }),
  join: 'first',
});
