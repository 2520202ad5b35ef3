import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'docs/BENCHMARKS.md';

/**
 * Replaces one benchmark's section of docs/BENCHMARKS.md (or `file`) between its start/end
 * markers, or appends it, so each bench script rewrites only its own numbers.
 */
export function writeBenchmarkSection(name: string, lines: string[], file = FILE, title = '# Benchmarks\n\nNumbers written by the `npm run bench*` scripts on this machine kind; never asserted in tests.\n') {
  const start = `<!-- bench:${name} start -->`;
  const end = `<!-- bench:${name} end -->`;
  const section = [start, ...lines, end].join('\n');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : title;
  writeFileSync(file, before.includes(start) ? before.replace(new RegExp(`${start}[\\s\\S]*${end}`), section) : `${before.trimEnd()}\n\n${section}\n`);
}
