import { describe, expect, expectTypeOf, it } from 'vitest';
import { REVIEW_KINDS } from '@/db/schema/reviews';
import type { ReviewRequest } from '@/lib/engine/types';
import { KINDS } from './filters';
import { kindView, TASK_KIND_VIEWS, TASK_KINDS, type TaskKind } from './kinds';

describe('task kinds', () => {
  it('one list: the stored kinds, the filters and the kernel’s review requests name the same kinds', () => {
    expect([...TASK_KINDS].sort()).toEqual([...REVIEW_KINDS].sort());
    expect([...KINDS]).toEqual([...TASK_KINDS]);
    expectTypeOf<ReviewRequest['kind']>().toEqualTypeOf<TaskKind>();
    expect(Object.keys(TASK_KIND_VIEWS).sort()).toEqual([...TASK_KINDS].sort());
  });

  it('a tool approval edits the input the tool waits to run with; the others edit the output', () => {
    expect(kindView('tool-approval')).toMatchObject({ label: 'Tool approval', edits: 'input' });
    expect(kindView('review-step').edits).toBe('output');
    expect(kindView('escalation').edits).toBe('output');
  });

  it('a kind this build does not know is shown as an escalation', () => {
    expect(kindView('plan-approval')).toBe(TASK_KIND_VIEWS.escalation);
  });
});
