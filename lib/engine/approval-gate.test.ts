import { describe, expect, it } from 'vitest';
import { flow } from './testing/flow-builder';
import { Harness, type Script } from './testing/harness';

/**
 * The approval gate in the kernel, with the fake-clock harness: a scripted step plays a tool
 * under `needs approval` the way the registry does: unapproved, it asks (ApprovalRequired with
 * the exact input); approved, it "calls" with the approved input. Every call is recorded.
 */
function gatedTool(calls: unknown[]): Script {
  return (input, a) => {
    if (!a.approved) return { error: { kind: 'ApprovalRequired', message: 'Tool "mail" needs approval before each call', details: { input: { to: (input as { to: string }).to } } } };
    calls.push(a.approved.input);
    return { output: { sent: a.approved.input } };
  };
}

const TOOL = { toolId: '00000000-0000-4000-8000-000000000001', inputSchema: { type: 'object' } };
// A Tool call step (its definition declares `approvalInput`, so it may ask), played by a script.
const build = (policy?: object) =>
  flow().webhook('t').step('tool', 'tool-call', TOOL, policy ? { policy } : {}).set('ok', { done: true }, { keepInput: true }).set('bad', { handled: true }).edge('t', 'tool').edge('tool', 'ok').edge('tool', 'bad', 'error').build();

describe('approval gate', () => {
  it('asks with the exact input and runs nothing until decided', () => {
    const calls: unknown[] = [];
    const h = new Harness(build(), { tool: gatedTool(calls) }).start({ to: 'a@example.test' });
    const req = h.commands.find((c) => c.type === 'requestReview');
    expect(req).toMatchObject({ stepId: 'tool', kind: 'tool-approval', proposed: { to: 'a@example.test' }, onTimeout: 'fail' });
    expect(h.status('tool')).toBe('waiting');
    expect(h.state?.status).toBe('waiting');
    expect(h.state?.nodes.tool?.approval).toEqual({ alt: 0, input: { to: 'a@example.test' }, approved: false });
    expect(calls).toEqual([]);
  });

  it('approve runs the call once with the shown input, as a new attempt, and the run goes on', () => {
    const calls: unknown[] = [];
    const h = new Harness(build(), { tool: gatedTool(calls) }).start({ to: 'a@example.test' });
    h.review('tool', { action: 'approve' });
    expect(calls).toEqual([{ to: 'a@example.test' }]);
    expect(h.output('ok')).toEqual({ sent: { to: 'a@example.test' }, done: true });
    expect(h.state?.status).toBe('succeeded');
    expect(h.calls.filter((c) => c.stepId === 'tool').map((c) => c.total)).toEqual([1, 2]);
    expect(h.eventTypes('tool')).toEqual(['StepStarted', 'StepFailed', 'ReviewRequested', 'ReviewResolved', 'StepStarted', 'StepSucceeded']);
  });

  it('edit runs the call with the edited input, not the proposed one', () => {
    const calls: unknown[] = [];
    const h = new Harness(build(), { tool: gatedTool(calls) }).start({ to: 'a@example.test' });
    h.review('tool', { action: 'edit', output: { to: 'b@example.test' } });
    expect(calls).toEqual([{ to: 'b@example.test' }]);
    expect(h.output('tool')).toEqual({ sent: { to: 'b@example.test' } });
  });

  it('reject fails the step with a NonRetriableError its policy handles (the error edge), without a call or a retry', () => {
    const calls: unknown[] = [];
    const h = new Harness(build({ retry: { maxAttempts: 3 } }), { tool: gatedTool(calls) }).start({ to: 'a@example.test' });
    h.review('tool', { action: 'reject', comment: 'not this one' });
    expect(calls).toEqual([]);
    expect(h.status('tool')).toBe('failed');
    expect(h.state?.nodes.tool?.error).toEqual({ kind: 'NonRetriableError', message: 'The tool call was rejected by a reviewer: not this one' });
    expect(h.output('bad')).toMatchObject({ handled: true, error: { kind: 'NonRetriableError' } });
    expect(h.status('ok')).toBe('skipped');
    expect(h.state?.status).toBe('succeeded');
    expect(h.calls.filter((c) => c.stepId === 'tool')).toHaveLength(1);
  });

  it('an approval committed before a crash is not asked again: the interrupted call retries with the approved input', () => {
    const calls: unknown[] = [];
    let crashOnce = true;
    const base = gatedTool(calls);
    const script: Script = (input, a) => {
      // The worker dies between the approval's commit and the call: the driver reports an interrupted attempt.
      if (a.approved && crashOnce) return (crashOnce = false), { error: { kind: 'Interrupted', message: 'worker stopped' } };
      return base(input, a);
    };
    const h = new Harness(build(), { tool: script }).start({ to: 'a@example.test' });
    h.review('tool', { action: 'edit', output: { to: 'c@example.test' } });
    expect(calls).toEqual([{ to: 'c@example.test' }]);
    expect(h.commands.filter((c) => c.type === 'requestReview')).toHaveLength(1);
    expect(h.state?.status).toBe('succeeded');
  });

  it('a second tier keeps the task a tool approval with the same input', () => {
    const escalation = { reason: 'Check the call', deadlineMs: 60_000, onTimeout: 'fail', secondTier: { deadlineMs: 60_000, role: 'admin' } };
    const calls: unknown[] = [];
    const h = new Harness(build({ escalation }), { tool: gatedTool(calls) }).start({ to: 'a@example.test' });
    h.advanceTime(60_000);
    const reqs = h.commands.filter((c) => c.type === 'requestReview');
    expect(reqs.map((r) => [r.kind, r.tier, r.proposed])).toEqual([['tool-approval', 1, { to: 'a@example.test' }], ['tool-approval', 2, { to: 'a@example.test' }]]);
    h.review('tool', { action: 'approve' });
    expect(calls).toEqual([{ to: 'a@example.test' }]);
  });

  it('a step whose definition declares no approval gate cannot ask: the attempt fails for good, no task', () => {
    const b = flow().webhook('t').scripted('x', { policy: { retry: { maxAttempts: 3 } } as never }).chain('t', 'x').build();
    const h = new Harness(b, { x: gatedTool([]) }).start({ to: 'a@example.test' });
    expect(h.commands.filter((c) => c.type === 'requestReview')).toEqual([]);
    expect(h.state?.status).toBe('failed');
    expect(h.calls).toHaveLength(1);
  });

  it('no decision before the deadline fails the step (the default policy), and the deadline follows an escalation policy when set', () => {
    const h = new Harness(build({ escalation: { reason: 'Check the call', deadlineMs: 60_000, onTimeout: 'fail' } }), { tool: gatedTool([]) }).start({ to: 'a@example.test' });
    expect(h.commands.find((c) => c.type === 'requestReview')).toMatchObject({ deadline: '2026-01-01T00:01:00.000Z' });
    h.advanceTime(60_000);
    expect(h.status('tool')).toBe('failed');
    expect(h.output('bad')).toMatchObject({ error: { message: 'No reviewer decided before the deadline' } });
  });
});
