import { describe, expect, it } from 'vitest';
import { flow } from './testing/flow-builder';
import { Harness } from './testing/harness';
import type { Escalation } from '@/lib/workflow/types';

/** Escalation policies with the fake clock: what the kernel asks of the inbox, and when. */
const unsure = { x: () => ({ output: { c: 0.1, label: 'maybe' } }) };
const mk = (escalation: Partial<Escalation>) =>
  flow()
    .webhook('t')
    .scripted('x', { policy: { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Check', deadlineMs: 60_000, onTimeout: 'fail', ...escalation } as Escalation } })
    .set('next', { done: true })
    .chain('t', 'x', 'next')
    .build();

describe('review policies', () => {
  it('the task carries its priority, assignee and N of M', () => {
    const h = new Harness(mk({ priority: 'urgent', assignee: { role: 'admin' }, approvals: 2 }), unsure).start({});
    expect(h.commands.find((c) => c.type === 'requestReview')).toMatchObject({ kind: 'escalation', priority: 'urgent', assignee: { role: 'admin' }, approvals: 2, tier: 1 });
  });

  it('unset, a task is normal priority, for anyone, decided by one approval', () => {
    const h = new Harness(mk({}), unsure).start({});
    expect(h.commands.find((c) => c.type === 'requestReview')).toMatchObject({ priority: 'normal', assignee: undefined, approvals: 1, tier: 1 });
  });

  it('ReviewResolved records who decided, the task kind, and whether the output was edited', () => {
    const edited = new Harness(mk({}), unsure).start({}).review('x', { action: 'edit', output: { c: 1, label: 'yes' } }, { actor: 'user-1', kind: 'escalation' });
    expect(edited.events.find((e) => e.type === 'ReviewResolved')).toEqual({ type: 'ReviewResolved', stepId: 'x', action: 'edit', actor: 'user-1', kind: 'escalation', edited: true });
    const approved = new Harness(mk({}), unsure).start({}).review('x', { action: 'approve' }, { actor: 'user-2', kind: 'escalation' });
    expect(approved.events.find((e) => e.type === 'ReviewResolved')).toMatchObject({ actor: 'user-2', edited: false });
    expect(approved.output('next')).toEqual({ c: 0.1, label: 'maybe', done: true });
  });

  it('when the first deadline passes, the task moves to the second tier; its own deadline then applies the timeout action', () => {
    const h = new Harness(mk({ onTimeout: 'reject', secondTier: { role: 'admin', deadlineMs: 120_000 } }), unsure).start({});
    h.advanceTime(60_000);
    expect(h.status('x')).toBe('waiting');
    expect(h.events.filter((e) => e.type === 'ReviewEscalated')).toEqual([{ type: 'ReviewEscalated', stepId: 'x', tier: 2, deadline: '2026-01-01T00:03:00.000Z' }]);
    expect(h.commands.filter((c) => c.type === 'requestReview').at(-1)).toMatchObject({ tier: 2, assignee: { role: 'admin' }, deadline: '2026-01-01T00:03:00.000Z' });
    expect(h.state?.nodes.x).toMatchObject({ wakeAt: '2026-01-01T00:03:00.000Z', reviewTier: 2 });
    h.advanceTime(119_999);
    expect(h.status('x')).toBe('waiting');
    h.advanceTime(1);
    expect(h.status('x')).toBe('failed');
    expect(h.events.find((e) => e.type === 'ReviewResolved')).toMatchObject({ action: 'reject', actor: null });
    expect(h.state?.status).toBe('failed');
  });

  it('a second-tier reviewer can still decide before its deadline', () => {
    const h = new Harness(mk({ secondTier: { userId: '00000000-0000-4000-8000-000000000001', deadlineMs: 120_000 } }), unsure).start({});
    h.advanceTime(90_000);
    h.review('x', { action: 'approve' }, { actor: '00000000-0000-4000-8000-000000000001', kind: 'escalation' });
    expect(h.state?.status).toBe('succeeded');
    h.advanceTime(600_000);
    expect(h.eventTypes('x').filter((t) => t === 'ReviewResolved')).toHaveLength(1);
  });

  it('an output that broke the step’s contract is the escalation’s proposal; the reviewer’s edit goes on', () => {
    const doc = flow().webhook('t').scripted('x', { policy: { escalation: { reason: 'Fix the shape', deadlineMs: 60_000, onTimeout: 'fail' } as Escalation } }).set('next', { done: true }).chain('t', 'x', 'next').build();
    const broken = { x: () => ({ error: { kind: 'ContractError', message: 'label must be a string' }, output: { label: 7 } }) };
    const h = new Harness(doc, broken).start({});
    expect(h.commands.find((c) => c.type === 'requestReview')).toMatchObject({ kind: 'escalation', proposed: { label: 7 }, reason: 'Fix the shape: label must be a string' });
    h.review('x', { action: 'edit', output: { label: 'seven' } });
    expect(h.output('next')).toEqual({ label: 'seven', done: true });
  });

  it('a review inside a parallel branch holds only its branch: the other keeps running to the end', () => {
    const policy = { confidence: { path: 'c', threshold: 0.9 }, escalation: { reason: 'Check', deadlineMs: 60_000, onTimeout: 'fail' } as Escalation };
    const doc = flow().webhook('t').scripted('x', { policy }).set('other', { ran: true }).set('after_other', { also: true }).edge('t', 'x').edge('t', 'other').edge('other', 'after_other').build();
    const h = new Harness(doc, unsure).start({});
    expect(h.status('x')).toBe('waiting');
    expect(h.status('after_other')).toBe('succeeded');
    expect(h.state?.status).toBe('waiting');
    h.review('x', { action: 'approve' });
    expect(h.state?.status).toBe('succeeded');
  });

  it('a Human review step proposes its data and waits on a review-step task; the edit becomes its output', () => {
    const doc = flow()
      .webhook('t')
      .step('check', 'human-review', { instructions: 'Is the address right?', show: '{{ input.address }}', deadlineMs: 60_000, onTimeout: 'approve', priority: 'high', assigneeRole: 'reviewer' })
      .set('after', { ok: true })
      .chain('t', 'check', 'after')
      .build();
    const h = new Harness(doc).start({ address: { city: 'Lyon' } });
    expect(h.status('check')).toBe('waiting');
    expect(h.commands.find((c) => c.type === 'requestReview')).toMatchObject({ kind: 'review-step', reason: 'Is the address right?', proposed: { city: 'Lyon' }, priority: 'high', assignee: { role: 'reviewer' } });
    h.review('check', { action: 'edit', output: { city: 'Paris' } }, { actor: 'u', kind: 'review-step' });
    expect(h.output('after')).toEqual({ city: 'Paris', ok: true });
    expect(h.events.find((e) => e.type === 'ReviewResolved')).toMatchObject({ kind: 'review-step', edited: true });
  });

  it('a Human review step nobody decides takes its timeout action (approve: the data goes on as shown)', () => {
    const doc = flow().webhook('t').step('check', 'human-review', { instructions: 'Look', deadlineMs: 60_000, onTimeout: 'approve' }).chain('t', 'check').build();
    const h = new Harness(doc).start({ n: 1 });
    h.advanceTime(60_000);
    expect(h.output('check')).toEqual({ n: 1 });
    expect(h.events.find((e) => e.type === 'ReviewResolved')).toMatchObject({ action: 'approve', actor: null, kind: 'review-step' });
  });
});
