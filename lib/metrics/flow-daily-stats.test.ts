import { describe, expect, it } from 'vitest';
import { foldFlowDays } from './flow-daily-stats';
import type { ObservedEvent } from '@/lib/runs/observers';
import type { RunEvent } from '@/lib/engine/events';

let id = 0;
const ev = (event: RunEvent, at = '2026-03-01T23:59:59.000Z', flowId = 'f1', isTest = false): ObservedEvent => ({
  id: ++id,
  runId: 'r',
  flowId,
  isTest,
  at,
  event,
});
const err = { kind: 'X', message: 'm' };

describe('foldFlowDays', () => {
  it('counts runs by how they ended and attempts that ran, per flow, UTC day and test flag', () => {
    const out = foldFlowDays([
      ev({ type: 'RunStarted', trigger: 'webhook' }),
      ev({ type: 'StepSucceeded', stepId: 'a', attempt: 1 }),
      ev({ type: 'StepSucceeded', stepId: 'p', attempt: 1, pinned: true }),
      ev({ type: 'StepSucceeded', stepId: 'u', attempt: 1, reused: true }),
      ev({ type: 'StepFailed', stepId: 'b', attempt: 1, error: err, final: false }),
      ev({ type: 'StepFailed', stepId: 'b', attempt: 2, error: err, final: true }),
      ev({ type: 'RunFailed', error: err }),
      ev({ type: 'RunCompleted' }, '2026-03-02T00:00:00.000Z'),
      ev({ type: 'RunCancelled' }, '2026-03-01T10:00:00.000Z', 'f2', true),
    ]);
    expect(out).toEqual([
      { flowId: 'f1', day: '2026-03-01', isTest: false, runsStarted: 1, runsSucceeded: 0, runsFailed: 1, runsCancelled: 0, stepAttempts: 3, stepFailures: 2 },
      { flowId: 'f1', day: '2026-03-02', isTest: false, runsStarted: 0, runsSucceeded: 1, runsFailed: 0, runsCancelled: 0, stepAttempts: 0, stepFailures: 0 },
      { flowId: 'f2', day: '2026-03-01', isTest: true, runsStarted: 0, runsSucceeded: 0, runsFailed: 0, runsCancelled: 1, stepAttempts: 0, stepFailures: 0 },
    ]);
  });
});
