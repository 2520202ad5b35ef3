import { describe, expect, it } from 'vitest';
import { flow } from './testing/flow-builder';
import { Harness } from './testing/harness';

const body = { id: 1, count: 0, text: 'hello' };
const respond = (b: ReturnType<typeof flow>, id = 'respond') => b.step(id, 'respond', {});
const err = (kind: string, message = kind, extra: object = {}) => ({ error: { kind, message, ...extra } });

describe('sequence', () => {
  it('W1: ten transforms then respond answer count 10 with s1..s10', () => {
    const b = flow().webhook('t');
    const ids = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);
    ids.forEach((id, i) => b.set(id, { count: '{{ input.count + 1 }}', [`s${i + 1}`]: i + 1 }));
    respond(b).chain('t', ...ids, 'respond');
    const h = new Harness(b.build()).start(body);
    const resp = h.commands.find((c) => c.type === 'respond');
    expect(resp).toMatchObject({ status: 200, body: { ...body, count: 10, ...Object.fromEntries(ids.map((id, i) => [id, i + 1])) } });
    expect(h.state?.status).toBe('succeeded');
    expect(h.commands.filter((c) => c.type === 'respond')).toHaveLength(1);
    expect(h.commands.at(-1)?.type).toBe('completeRun');
  });

  it('steps read upstream outputs and the trigger by name', () => {
    const b = flow().webhook('t').set('a', { x: 5 }).set('b', { y: '{{ steps.a.output.x * 2 }}', who: '{{ trigger.body.text }}' }, { keepInput: false }).chain('t', 'a', 'b');
    const h = new Harness(b.build()).start(body);
    expect(h.output('b')).toEqual({ y: 10, who: 'hello' });
  });

  it('a disabled step passes its input through and is recorded as skipped', () => {
    const b = flow().webhook('t').set('a', { x: 1 }, { disabled: true }).set('b', { y: 2 }).chain('t', 'a', 'b');
    const h = new Harness(b.build()).start(body);
    expect(h.output('b')).toEqual({ ...body, y: 2 });
    expect(h.eventTypes('a')).toContain('StepSkipped');
  });

  it('an output step sets the run output', () => {
    const b = flow().webhook('t').step('o', 'output', { value: '{{ input.count + 41 }}' }).chain('t', 'o');
    const h = new Harness(b.build()).start({ count: 1 });
    expect(h.commands.at(-1)).toEqual({ type: 'completeRun', output: 42 });
  });
});

describe('branching', () => {
  it('condition takes one branch and skips the other branch downstream', () => {
    const b = flow().webhook('t').step('if', 'condition', { condition: '{{ input.count > 5 }}' }).set('big', { size: 'big' }).set('small', { size: 'small' }).set('after_small', { z: 1 })
      .edge('t', 'if').edge('if', 'big', 'true').edge('if', 'small', 'false').edge('small', 'after_small');
    const h = new Harness(b.build()).start({ count: 9 });
    expect(h.status('big')).toBe('succeeded');
    expect(h.status('small')).toBe('skipped');
    expect(h.status('after_small')).toBe('skipped');
    expect(h.state?.status).toBe('succeeded');
  });

  it('switch routes to the matching case, else default', () => {
    const doc = () => flow().webhook('t').step('sw', 'switch', { value: '{{ input.kind }}', cases: [{ port: 'a', equals: 'alpha' }, { port: 'b', equals: 'beta' }] })
      .set('A', { r: 'A' }).set('B', { r: 'B' }).set('D', { r: 'D' }).edge('t', 'sw').edge('sw', 'A', 'a').edge('sw', 'B', 'b').edge('sw', 'D', 'default').build();
    expect(new Harness(doc()).start({ kind: 'beta' }).status('B')).toBe('succeeded');
    const other = new Harness(doc()).start({ kind: 'gamma' });
    expect(other.status('D')).toBe('succeeded');
    expect(other.status('A')).toBe('skipped');
  });

  it('a merge after a condition waits only for the branch that was taken', () => {
    const b = flow().webhook('t').step('if', 'condition', { condition: '{{ true }}' }).set('y', { v: 'yes' }).set('n', { v: 'no' }).step('m', 'merge', { mode: 'all' })
      .edge('t', 'if').edge('if', 'y', 'true').edge('if', 'n', 'false').edge('y', 'm').edge('n', 'm');
    const h = new Harness(b.build()).start({});
    expect(h.output('m')).toEqual({ y: { v: 'yes' } });
  });
});

describe('parallel and merge', () => {
  const w2 = () => {
    const b = flow().webhook('t');
    for (const br of [1, 2, 3]) {
      for (const j of [1, 2, 3]) b.set(`b${br}s${j}`, { count: '{{ input.count + 1 }}', [`b${br}s${j}`]: j });
      b.edge('t', `b${br}s1`).chain(`b${br}s1`, `b${br}s2`, `b${br}s3`);
    }
    b.step('m', 'merge', { mode: 'all' });
    for (const br of [1, 2, 3]) b.edge(`b${br}s3`, 'm', 'out', `b${br}`);
    return respond(b).edge('m', 'respond');
  };

  it('W2: merge "all" outputs an object keyed by branch label', () => {
    const h = new Harness(w2().build()).start(body);
    const resp = h.commands.find((c) => c.type === 'respond') as { body: Record<string, { count: number }> };
    expect(Object.keys(resp.body).sort()).toEqual(['b1', 'b2', 'b3']);
    expect(resp.body.b2).toEqual({ ...body, count: 3, b2s1: 1, b2s2: 2, b2s3: 3 });
  });

  it('branches run concurrently: every first step starts before any branch finishes', () => {
    const b = flow().webhook('t').scripted('x').scripted('y').step('m', 'merge', { mode: 'all' }).edge('t', 'x').edge('t', 'y').edge('x', 'm').edge('y', 'm');
    const h = new Harness(b.build(), { x: () => 'hang', y: () => 'hang' }).start({});
    expect(h.status('x')).toBe('running');
    expect(h.status('y')).toBe('running');
    h.release('y', { output: 2 });
    expect(h.status('m')).toBe('pending');
    h.release('x', { output: 1 });
    expect(h.output('m')).toEqual({ x: 1, y: 2 });
  });

  it('merge "first" takes the first branch and cancels the others on record', () => {
    const b = flow().webhook('t').scripted('slow').scripted('fast').set('after_slow', { a: 1 }).step('m', 'merge', { mode: 'first' })
      .edge('t', 'slow').edge('t', 'fast').edge('slow', 'after_slow').edge('after_slow', 'm').edge('fast', 'm');
    const h = new Harness(b.build(), { slow: () => 'hang', fast: () => ({ output: 'F' }) }).start({});
    expect(h.output('m')).toBe('F');
    expect(h.status('slow')).toBe('cancelled');
    expect(h.status('after_slow')).toBe('skipped');
    expect(h.commands).toContainEqual({ type: 'cancelStep', stepId: 'slow' });
    expect(h.state?.status).toBe('succeeded');
  });
});

describe('escalation ladder', () => {
  const retry = { maxAttempts: 3, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60_000, jitter: 0, nonRetryable: [] };

  it('retries with exponential backoff on the fake clock, then succeeds', () => {
    const b = flow().webhook('t').scripted('x', { policy: { retry } }).chain('t', 'x');
    const h = new Harness(b.build(), { x: (_i, a) => (a.total < 3 ? err('Error', 'flaky') : { output: 'ok' }) }).start({});
    expect(h.status('x')).toBe('retrying');
    expect(h.state?.status).toBe('waiting');
    h.advanceTime(999);
    expect(h.calls.filter((c) => c.stepId === 'x')).toHaveLength(1);
    h.advanceTime(1);
    expect(h.calls.filter((c) => c.stepId === 'x')).toHaveLength(2);
    h.advanceTime(1999);
    expect(h.status('x')).toBe('retrying');
    h.advanceTime(1);
    expect(h.status('x')).toBe('succeeded');
    expect(h.eventTypes('x').filter((t) => t === 'StepRetrying')).toHaveLength(2);
  });

  it('honours a longer retry-after', () => {
    const b = flow().webhook('t').scripted('x', { policy: { retry } }).chain('t', 'x');
    const h = new Harness(b.build(), { x: (_i, a) => (a.total === 1 ? err('RetryAfterError', 'slow down', { retryAfterMs: 5000 }) : { output: 1 }) }).start({});
    h.advanceTime(4999);
    expect(h.status('x')).toBe('retrying');
    h.advanceTime(1);
    expect(h.status('x')).toBe('succeeded');
  });

  it('does not retry a non-retriable error or a configured kind', () => {
    const b = flow().webhook('t').scripted('x', { policy: { retry: { ...retry, nonRetryable: ['Quota'] } } }).scripted('y', { policy: { retry } }).edge('t', 'x').edge('t', 'y');
    const h = new Harness(b.build(), { x: () => err('Quota'), y: () => err('NonRetriableError') }).start({});
    expect(h.calls.map((c) => c.stepId).sort()).toEqual(['x', 'y']);
    expect(h.state?.status).toBe('failed');
  });

  it('after the primary exhausts its retries, each alternative runs in turn with its own retries', () => {
    const policy = { retry: { ...retry, maxAttempts: 2 }, alternatives: [{ label: 'backup', config: { code: 'return 2' } }, { label: 'last', config: { code: 'return 3' } }] };
    const b = flow().webhook('t').scripted('x', { policy }).chain('t', 'x');
    const h = new Harness(b.build(), { x: (_i, a) => (a.alt < 2 ? err('Error', `fail ${a.total}`) : { output: 'from last' }) }).start({});
    h.advanceTime(10_000).advanceTime(10_000).advanceTime(10_000);
    expect(h.calls.filter((c) => c.stepId === 'x').map((c) => [c.alt, c.total])).toEqual([[0, 1], [0, 2], [1, 3], [1, 4], [2, 5]]);
    expect(h.calls.at(-1)?.config).toMatchObject({ code: 'return 3' });
    expect(h.output('x')).toBe('from last');
    expect(h.eventTypes('x').filter((t) => t === 'FallbackTaken')).toHaveLength(2);
  });

  it('takes the error edge when everything failed, with the error as input', () => {
    const b = flow().webhook('t').scripted('x').set('handler', { handled: true }).edge('t', 'x').edge('x', 'handler', 'error');
    const h = new Harness(b.build(), { x: () => err('NonRetriableError', 'boom') }).start({ a: 1 });
    expect(h.output('handler')).toMatchObject({ error: { kind: 'NonRetriableError', message: 'boom' }, input: { a: 1 }, handled: true });
    expect(h.state?.status).toBe('succeeded');
    expect(h.eventTypes('x')).toContain('ErrorEdgeTaken');
  });

  it('fails the run when no rung is left, naming the step', () => {
    const b = flow().webhook('t').scripted('x').set('next', {}).chain('t', 'x', 'next');
    const h = new Harness(b.build(), { x: () => err('NonRetriableError', 'boom') }).start({});
    expect(h.state?.status).toBe('failed');
    expect(h.commands.at(-1)).toMatchObject({ type: 'failRun', error: { stepId: 'x', message: 'boom' } });
    expect(h.status('next')).toBe('pending');
  });

  it('a result below the confidence threshold is ambiguous: alternative, then escalation to a reviewer', () => {
    const policy = { confidence: { path: 'confidence', threshold: 0.8 }, alternatives: [{ config: { code: 'alt' } }], escalation: { reason: 'Unsure', deadlineMs: 3_600_000, onTimeout: 'fail' as const } };
    const b = flow().webhook('t').scripted('x', { policy }).set('next', { done: true }).chain('t', 'x', 'next');
    const h = new Harness(b.build(), { x: (_i, a) => ({ output: { label: a.alt ? 'alt' : 'primary', confidence: 0.5 } }) }).start({});
    expect(h.eventTypes('x')).toEqual(expect.arrayContaining(['StepAmbiguous', 'FallbackTaken', 'ReviewRequested']));
    expect(h.status('x')).toBe('waiting');
    expect(h.state?.status).toBe('waiting');
    const req = h.commands.find((c) => c.type === 'requestReview');
    expect(req).toMatchObject({ proposed: { label: 'alt', confidence: 0.5 }, deadline: '2026-01-01T01:00:00.000Z' });
    h.review('x', { action: 'edit', output: { label: 'fixed', confidence: 1 } });
    expect(h.output('next')).toEqual({ label: 'fixed', confidence: 1, done: true });
    expect(h.state?.status).toBe('succeeded');
  });

  it('a confident result passes straight through', () => {
    const b = flow().webhook('t').scripted('x', { policy: { confidence: { path: 'c', threshold: 0.5 } } }).chain('t', 'x');
    const h = new Harness(b.build(), { x: () => ({ output: { c: 0.9 } }) }).start({});
    expect(h.status('x')).toBe('succeeded');
  });

  it('review decisions: approve keeps the proposal, reject takes the error edge, branch picks a port', () => {
    const esc = { escalation: { reason: 'check', deadlineMs: 60_000, onTimeout: 'fail' as const }, confidence: { path: 'c', threshold: 0.9 } };
    const mk = () => flow().webhook('t').scripted('x', { policy: esc }).set('ok', {}).set('bad', {}).edge('t', 'x').edge('x', 'ok').edge('x', 'bad', 'error').build();
    const script = { x: () => ({ output: { c: 0.1 } }) };
    expect(new Harness(mk(), script).start({}).review('x', { action: 'approve' }).output('ok')).toEqual({ c: 0.1 });
    const rejected = new Harness(mk(), script).start({}).review('x', { action: 'reject', comment: 'wrong' });
    expect(rejected.output('bad')).toMatchObject({ error: { kind: 'ReviewRejected', message: 'Rejected by a reviewer: wrong' } });
    const cond = flow().webhook('t').step('if', 'condition', { condition: '{{ false }}' }, { policy: { escalation: { reason: 'r', deadlineMs: 60_000, onTimeout: 'fail' }, confidence: { path: 'nope', threshold: 1 } } })
      .set('yes', {}).set('no', {}).edge('t', 'if').edge('if', 'yes', 'true').edge('if', 'no', 'false').build();
    const branched = new Harness(cond).start({}).review('if', { action: 'branch', port: 'true' });
    expect(branched.status('yes')).toBe('succeeded');
    expect(branched.status('no')).toBe('skipped');
  });

  it('a review deadline applies the on-timeout action', () => {
    const esc = { escalation: { reason: 'check', deadlineMs: 60_000, onTimeout: 'approve' as const }, confidence: { path: 'c', threshold: 0.9 } };
    const b = flow().webhook('t').scripted('x', { policy: esc }).chain('t', 'x');
    const h = new Harness(b.build(), { x: () => ({ output: { c: 0.1 } }) }).start({});
    h.advanceTime(59_999);
    expect(h.status('x')).toBe('waiting');
    h.advanceTime(1);
    expect(h.status('x')).toBe('succeeded');
    expect(h.eventTypes('x')).toContain('ReviewResolved');
  });

  it('an interrupted attempt counts but always earns one more attempt, at once', () => {
    const b = flow().webhook('t').scripted('x').chain('t', 'x');
    const h = new Harness(b.build(), { x: (_i, a) => (a.total === 1 ? 'hang' : { output: 'second' }) }).start({});
    h.send({ type: 'stepFailed', at: h.iso, stepId: 'x', error: { kind: 'Interrupted', message: 'crash' } });
    h.advanceTime(0);
    expect(h.output('x')).toBe('second');
    expect(h.calls.filter((c) => c.stepId === 'x').map((c) => c.total)).toEqual([1, 2]);
  });
});

describe('cancellation', () => {
  it('stops running and retrying steps and ignores their late results', () => {
    const b = flow().webhook('t').scripted('run').scripted('retry', { policy: { retry: { maxAttempts: 5, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60_000, jitter: 0, nonRetryable: [] } } }).edge('t', 'run').edge('t', 'retry');
    const h = new Harness(b.build(), { run: () => 'hang', retry: () => err('Error') }).start({});
    h.cancel();
    expect(h.state?.status).toBe('cancelled');
    expect(h.status('run')).toBe('cancelled');
    expect(h.status('retry')).toBe('cancelled');
    expect(h.commands).toContainEqual({ type: 'cancelStep', stepId: 'run' });
    h.release('run', { output: 'late' });
    h.advanceTime(60_000);
    expect(h.status('run')).toBe('cancelled');
    expect(h.calls.filter((c) => c.stepId === 'retry')).toHaveLength(1);
  });
});

describe('timed waits live in the committed state', () => {
  it('a Wait step records when it wakes, and clears it once it has', () => {
    const b = flow().webhook('t').step('pause', 'delay', { ms: 5_000 }).set('after', { done: true }).chain('t', 'pause', 'after');
    const h = new Harness(b.build()).start(body);
    expect(h.state?.nodes.pause).toMatchObject({ status: 'waiting', wakeAt: '2026-01-01T00:00:05.000Z' });
    h.advanceTime(4_999);
    expect(h.status('pause')).toBe('waiting');
    h.advanceTime(1);
    expect(h.state?.nodes.pause?.status).toBe('succeeded');
    expect(h.state?.nodes.pause?.wakeAt).toBeUndefined();
    expect(h.state?.status).toBe('succeeded');
  });

  it('a review records its deadline as the wake time, cleared by the decision', () => {
    const policy = { escalation: { reason: 'Check', deadlineMs: 60_000, onTimeout: 'fail' as const } };
    const b = flow().webhook('t').scripted('s', { policy }).chain('t', 's');
    const h = new Harness(b.build(), { s: () => err('Boom') }).start(body);
    expect(h.state?.nodes.s).toMatchObject({ status: 'waiting', wakeAt: '2026-01-01T00:01:00.000Z' });
    h.review('s', { action: 'approve' });
    expect(h.state?.nodes.s?.wakeAt).toBeUndefined();
  });
});
