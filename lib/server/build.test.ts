import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureProductionBuild, sourceFingerprint } from './build';

/**
 * `npm start` builds only when .next holds no build of the current sources. A stand-in `next`
 * binary records each build, so the test sees exactly when the launcher decides to build.
 */
let root: string;
const builds = () => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length : 0);

function fakeNext(exitCode = 0) {
  const bin = join(root, 'node_modules', '.bin', 'next');
  writeFileSync(bin, `#!/bin/sh\necho "$1 telemetry-disabled=$NEXT_TELEMETRY_DISABLED" >> "${root}/builds.log"\nmkdir -p "${root}/.next"\necho id > "${root}/.next/BUILD_ID"\nexit ${exitCode}\n`);
  chmodSync(bin, 0o755);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-build-'));
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'page.tsx'), 'export default function Page() { return null; }\n');
  writeFileSync(join(root, 'package.json'), '{"name":"x"}\n');
  fakeNext();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ensureProductionBuild', () => {
  it('builds when there is no build (telemetry off), then reuses it while the sources are unchanged', async () => {
    await ensureProductionBuild(root);
    expect(builds()).toBe(1);
    expect(readFileSync(join(root, 'builds.log'), 'utf8').trim()).toBe('build telemetry-disabled=1');
    await ensureProductionBuild(root);
    expect(builds()).toBe(1);
  });

  it('builds again after a source changes, but not for a test file or data', async () => {
    await ensureProductionBuild(root);
    writeFileSync(join(root, 'app', 'page.test.tsx'), 'test');
    mkdirSync(join(root, 'app', '.data'));
    writeFileSync(join(root, 'app', '.data', 'x'), 'y');
    await ensureProductionBuild(root);
    expect(builds()).toBe(1);
    writeFileSync(join(root, 'app', 'page.tsx'), 'export default function Page() { return "changed"; }\n');
    await ensureProductionBuild(root);
    expect(builds()).toBe(2);
  });

  it('builds again when the build output was deleted', async () => {
    await ensureProductionBuild(root);
    rmSync(join(root, '.next'), { recursive: true });
    await ensureProductionBuild(root);
    expect(builds()).toBe(2);
  });

  it('fails with the exit code when next build fails, and keeps no stamp', async () => {
    fakeNext(3);
    await expect(ensureProductionBuild(root)).rejects.toThrow('next build failed with exit code 3');
    expect(existsSync(join(root, '.next', 'baton-build-fingerprint'))).toBe(false);
  });

  it('fingerprints content, not timestamps', () => {
    const before = sourceFingerprint(root);
    writeFileSync(join(root, 'app', 'page.tsx'), readFileSync(join(root, 'app', 'page.tsx')));
    expect(sourceFingerprint(root)).toBe(before);
    writeFileSync(join(root, 'package.json'), '{"name":"y"}\n');
    expect(sourceFingerprint(root)).not.toBe(before);
  });
});
