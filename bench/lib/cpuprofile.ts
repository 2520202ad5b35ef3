import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code lives, coarse enough to read as a budget. */
export function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  if (!url || url.startsWith('node:')) return 'node internals';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (m) return m.at(-1)!.replace('node_modules/', '');
  const own = url.match(/\/(lib\/[^/]+|db|app|components|scripts)\//);
  return own ? `baton ${own[1]}` : 'other';
}

/** Self time per function and per area (ms), from a V8 .cpuprofile. */
export function summarise(file: string) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const fns = new Map<string, { ms: number; area: string }>();
  const areas = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    if (area === '(idle)') continue;
    busy += ms;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(lib|db|app|scripts)\//, '$1/')}:${lineNumber + 1}`;
    const f = fns.get(key) ?? { ms: 0, area };
    f.ms += ms;
    fns.set(key, f);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  }
  const top = [...fns.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20).map(([fn, v]) => ({ fn, ...v }));
  return { busyMs: busy, areas: [...areas.entries()].sort((a, b) => b[1] - a[1]), top };
}
