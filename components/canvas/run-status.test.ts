import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@/lib/engine/types';
import { applyRunEvent, type RunView } from './use-run-status';

const start: RunView = { status: 'running', steps: {}, lastEventId: 0 };
const fold = (events: RunEvent[]) => events.reduce((v, event, i) => applyRunEvent(v, { id: i + 1, at: null, event }), start);
const requested: RunEvent = { type: 'ReviewRequested', stepId: 'a', reason: 'check', deadline: '2026-01-01T00:00:00.000Z' };

describe('the run status the editor shows', () => {
  it('is "waiting" while a review is open, as on the run page, and running again once resolved', () => {
    const waiting = fold([{ type: 'RunStarted', trigger: 't' }, { type: 'StepStarted', stepId: 'a', attempt: 1, alt: 0 }, requested]);
    expect(waiting.status).toBe('waiting');
    expect(waiting.steps.a?.status).toBe('waiting');
    const resumed = fold([{ type: 'RunStarted', trigger: 't' }, requested, { type: 'ReviewResolved', stepId: 'a', action: 'approve' }]);
    expect(resumed.status).toBe('running');
    expect(fold([requested, { type: 'RunFailed', error: { kind: 'X', message: 'x' } }]).status).toBe('failed');
  });
});
