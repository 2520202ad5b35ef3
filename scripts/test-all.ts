/**
 * `npm test`: every layer, in order, stopping at the first failure: typecheck, lint, unit
 * tests, DB integration tests (real Postgres), production build, Playwright e2e in Chromium.
 */
import { spawnSync } from 'node:child_process';

const steps: [string, string[]][] = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['unit tests', ['run', 'test:unit']],
  ['db tests', ['run', 'test:db']],
  ['build', ['run', 'build']],
  ['e2e tests', ['run', 'test:e2e']],
];

const only = process.argv.slice(2);
for (const [name, args] of steps) {
  if (only.length && !only.includes(name.split(' ')[0]!)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const res = spawnSync('npm', args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    process.stdout.write(`\n✗ ${name} failed after ${secs}s\n`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`✓ ${name} (${secs}s)\n`);
}
