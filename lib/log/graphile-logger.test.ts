import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietGraphileLogger } from './graphile-logger';

describe('quietGraphileLogger', () => {
  const lines: { stream: string; line: Record<string, unknown> }[] = [];
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk) => (lines.push({ stream, line: JSON.parse(String(chunk)) as Record<string, unknown> }), true));
  afterEach(() => {
    vi.restoreAllMocks();
    lines.length = 0;
  });

  it('logs queue errors as errors, but an expected retry only at debug', () => {
    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    capture('stdout');
    capture('stderr');
    try {
      const logger = quietGraphileLogger((m) => m.includes('will retry'));
      logger.error("Failed task resume_run (3 ms) with error 'run r1 is held; will retry'");
      logger.error("Failed task call_error_webhook with error 'HTTP 503'");
      logger.warn('slow');
      logger.info('worker connected');
    } finally {
      process.env.LOG_LEVEL = saved;
    }
    expect(lines.map((l) => [l.stream, l.line.level, l.line.source])).toEqual([
      ['stdout', 'debug', 'graphile-worker'],
      ['stderr', 'error', 'graphile-worker'],
      ['stderr', 'warn', 'graphile-worker'],
      ['stdout', 'debug', 'graphile-worker'],
    ]);
  });
});
