import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * The local ports of a process's TCP connections to `serverPort` on loopback, read from /proc
 * (its open socket inodes matched against the TCP table): how the harness finds one worker's
 * own PostgreSQL backends (pg_stat_activity.client_port) to cut them with pg_terminate_backend.
 */
export function clientPorts(pid: number, serverPort: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = parseInt(f[1]!.split(':')[1]!, 16);
      const remote = parseInt(f[2]!.split(':')[1]!, 16);
      if (remote === serverPort && inodes.has(f[9]!)) ports.push(local);
    }
  }
  return ports;
}
