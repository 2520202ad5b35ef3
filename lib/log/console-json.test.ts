/* eslint-disable no-console -- the test drives the replaced console methods */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeConsoleToLog } from './console-json';

describe('routeConsoleToLog', () => {
  const original = { error: console.error, warn: console.warn, log: console.log, info: console.info };
  afterEach(() => {
    Object.assign(console, original);
    vi.restoreAllMocks();
  });

  it('turns console errors and warnings (as Next writes them) into JSON log lines', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    routeConsoleToLog();
    console.error('Failed to render /flows', new Error('boom'));
    console.warn('slow %s took %d ms', 'query', 812);
    const [err, warn] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(err).toMatchObject({ level: 'error', msg: 'Failed to render /flows', error: 'boom', errorName: 'Error' });
    expect(String(err?.stack)).toContain('console-json.test.ts');
    expect(warn).toMatchObject({ level: 'warn', msg: 'slow query took 812 ms' });
    expect(lines).toHaveLength(2);
  });

  it('turns console notes into info lines', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    routeConsoleToLog();
    console.log(' ✓ Running next.config.mjs took 43ms');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([expect.objectContaining({ level: 'info', msg: ' ✓ Running next.config.mjs took 43ms' })]);
  });
});
