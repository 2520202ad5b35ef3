import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'docs/BENCHMARKS.md';

/**
 * Replaces one benchmark's section of docs/BENCHMARKS.md (between its start/end markers), or
 * appends it, so each bench script rewrites only its own numbers.
 */
export function writeBenchmarkSection(name: string, lines: string[]) {
  const start = `<!-- bench:${name} start -->`;
  const end = `<!-- bench:${name} end -->`;
  const section = [start, ...lines, end].join('\n');
  const before = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n\nNumbers written by the `npm run bench*` scripts on this machine kind; never asserted in tests.\n';
  writeFileSync(FILE, before.includes(start) ? before.replace(new RegExp(`${start}[\\s\\S]*${end}`), section) : `${before.trimEnd()}\n\n${section}\n`);
}
