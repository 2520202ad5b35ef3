import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually, isAlive } from './testing/harness';

describe('stdio children and the process that started them', () => {
  it('are stopped when that process exits, even a child that ignores its stdin closing', async () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', './scripts/hooks/server-only.mjs', 'lib/mcp/testing/exit-probe.ts'], { encoding: 'utf8', timeout: 30_000 });
    const pid = Number(out.trim());
    expect(pid).toBeGreaterThan(0);
    try {
      await eventually(async () => !isAlive(pid), 5_000);
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 45_000);
});
