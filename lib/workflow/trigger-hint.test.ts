import { describe, expect, it } from 'vitest';
import { triggerHint } from './trigger-hint';

describe('triggerHint', () => {
  it('says nothing for one trigger and explains several', () => {
    const one = { version: 1 as const, steps: [{ id: 'start', type: 'manual-trigger', name: 'Start' }], edges: [] };
    expect(triggerHint(one)).toBeNull();
    const two = { ...one, steps: [...one.steps, { id: 'hook', type: 'webhook-trigger', name: 'Orders in' }] };
    expect(triggerHint(two)).toBe('This flow has 2 triggers. Each run starts at one of them and goes only through the steps it leads to: a webhook call starts at "Orders in"; Run in the editor and the API start at "Start".');
  });
});
