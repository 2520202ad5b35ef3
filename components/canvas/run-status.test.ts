import { describe, expect, it } from 'vitest';
import { applyRunEvent, type RunView } from './use-run-status';

const start: RunView = { status: 'running', steps: {}, lastEventId: 0 };
const fold = (events: { type: string; stepId?: string; data?: Record<string, unknown> }[]) =>
  events.reduce((v, e, i) => applyRunEvent(v, { id: i + 1, type: e.type, stepId: e.stepId ?? null, data: e.data ?? null }), start);

describe('the run status the editor shows', () => {
  it('is "waiting" while a review is open, as on the run page, and running again once resolved', () => {
    const waiting = fold([{ type: 'RunStarted' }, { type: 'StepStarted', stepId: 'a' }, { type: 'ReviewRequested', stepId: 'a' }]);
    expect(waiting.status).toBe('waiting');
    expect(waiting.steps.a?.status).toBe('waiting');
    const resumed = fold([{ type: 'RunStarted' }, { type: 'ReviewRequested', stepId: 'a' }, { type: 'ReviewResolved', stepId: 'a', data: { action: 'approve' } }]);
    expect(resumed.status).toBe('running');
    expect(fold([{ type: 'ReviewRequested', stepId: 'a' }, { type: 'RunFailed' }]).status).toBe('failed');
  });
});
