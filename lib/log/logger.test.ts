import { describe, expect, it, vi } from 'vitest';
import { log, maskSecrets } from './logger';

describe('maskSecrets', () => {
  it('masks values under secret-looking keys at any depth and keeps the rest', () => {
    const out = maskSecrets({ user: 'ada', password: 'p', nested: { Authorization: 'Bearer x', list: [{ apiKey: 'k', ok: 1 }] } });
    expect(out).toEqual({ user: 'ada', password: '***', nested: { Authorization: '***', list: [{ apiKey: '***', ok: 1 }] } });
  });
});

describe('log lines', () => {
  it('cut large context values to a preview', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      log.info('big', { runId: 'r1', body: 'x'.repeat(50_000) });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(5_000);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'big', runId: 'r1', body: expect.stringMatching(/more characters\)$/) });
  });
});
