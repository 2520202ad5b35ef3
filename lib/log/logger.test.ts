import { describe, expect, it } from 'vitest';
import { maskSecrets } from './logger';

describe('maskSecrets', () => {
  it('masks values under secret-looking keys at any depth and keeps the rest', () => {
    const out = maskSecrets({ user: 'ada', password: 'p', nested: { Authorization: 'Bearer x', list: [{ apiKey: 'k', ok: 1 }] } });
    expect(out).toEqual({ user: 'ada', password: '***', nested: { Authorization: '***', list: [{ apiKey: '***', ok: 1 }] } });
  });
});
