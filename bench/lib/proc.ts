import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Every descendant of `root` (inclusive), read from /proc. */
export function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

/** CPU time (user + system, ms) of the processes. */
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited */
    }
  }
  return ticks * TICK_MS;
}

/** Memory in MB: RSS summed, and PSS (shared pages divided among sharers, fair for Postgres). */
export function memoryMb(pids: number[]): { rss: number; pss: number; processes: number } {
  let rss = 0;
  let pss = 0;
  let n = 0;
  for (const pid of pids) {
    try {
      const roll = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(roll.match(/^Rss:\s+(\d+)/m)?.[1] ?? 0);
      pss += Number(roll.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
      n++;
    } catch {
      /* exited */
    }
  }
  return { rss: Math.round(rss / 1024), pss: Math.round(pss / 1024), processes: n };
}

export function machine(): string {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const cores = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0;
  const mem = Math.round(Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)?.[1] ?? 0) / 1024 / 1024);
  return `${cores} cores (${cpu}), ${mem} GiB RAM, Linux, Node ${process.version}`;
}
