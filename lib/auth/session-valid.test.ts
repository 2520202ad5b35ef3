import { describe, expect, it } from 'vitest';
import { sessionStillValid } from './session-valid';

describe('sessionStillValid', () => {
  const cutOff = new Date('2026-11-25T10:00:05.000Z');
  it('keeps every session of an account whose password never changed', () => {
    expect(sessionStillValid(1, null)).toBe(true);
  });
  it('voids a session issued before the cut-off and keeps one issued in that second or later', () => {
    expect(sessionStillValid(cutOff.getTime() / 1000 - 1, cutOff)).toBe(false);
    expect(sessionStillValid(cutOff.getTime() / 1000, cutOff)).toBe(true);
    expect(sessionStillValid(cutOff.getTime() / 1000 + 60, cutOff)).toBe(true);
  });
  it('voids a session without an issue time once there is a cut-off', () => {
    expect(sessionStillValid(undefined, cutOff)).toBe(false);
  });
});
