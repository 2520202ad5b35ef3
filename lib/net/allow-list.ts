import { networkInterfaces } from 'node:os';
import { log } from '@/lib/log/logger';
import { canonicalIp, classifyAddress, parseIp, PUBLIC } from './address-class';

/** One `BATON_ALLOWED_HOSTS` entry: a host name or canonical IP, and a port (none: a bare host). */
export type AllowEntry = { host: string; port?: number };

/**
 * Where Baton itself listens, never reachable through the guard even if listed: the web port
 * and the embedded PostgreSQL port on this machine's own addresses, and the database server.
 */
export type OwnEndpoints = {
  localPorts: ReadonlySet<number>;
  localAddresses: ReadonlySet<string>;
  database?: { port: number; host: string };
};

export type AllowList = { entries: readonly AllowEntry[]; own: OwnEndpoints; bare: readonly string[] };

type Env = Record<string, string | undefined>;

/** A setting that cannot be understood: the message names the entry and the expected form. */
export class AllowListError extends Error {}

const ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i;

/**
 * Parses `BATON_ALLOWED_HOSTS`: comma-separated `host:port` (`[::1]:8080` for IPv6). A bare host
 * (no port) is still accepted and allows every port of that host except Baton's own; `bare`
 * lists them so the caller can warn.
 */
export function parseAllowList(raw: string | undefined, env: Env = process.env): AllowList {
  const entries: AllowEntry[] = [];
  const bare: string[] = [];
  for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    // A bare IPv6 address has colons of its own: it can only be a host without a port.
    const text = !item.startsWith('[') && (item.match(/:/g)?.length ?? 0) > 1 ? `[${item}]` : item;
    const m = ENTRY.exec(text);
    const host = m && normalHost(m[1]!);
    const port = m?.[2] === undefined ? undefined : Number(m[2]);
    if (!host || (port !== undefined && (port < 1 || port > 65535))) {
      throw new AllowListError(`BATON_ALLOWED_HOSTS: "${item}" is not host:port (e.g. api.internal:8080, 127.0.0.1:9000 or [::1]:9000)`);
    }
    entries.push({ host, port });
    if (port === undefined) bare.push(item);
  }
  return { entries, bare, own: ownEndpoints(env) };
}

/** Host names as the URL parser writes them (lower case, punycode, no trailing dot); IPs canonical. */
export function normalHost(host: string): string | null {
  const ip = canonicalIp(host);
  if (ip) return ip;
  if (host.startsWith('[')) return null;
  try {
    return new URL(`http://${host}/`).hostname.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

function ownEndpoints(env: Env): OwnEndpoints {
  const localPorts = new Set([Number(env.PORT || 3000), Number(env.BATON_PG_PORT || 54329)]);
  const localAddresses = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) localAddresses.add(canonicalIp(i.address) ?? i.address);
  let database: OwnEndpoints['database'];
  if (env.DATABASE_URL) {
    try {
      const u = new URL(env.DATABASE_URL);
      const host = normalHost(u.hostname);
      if (host) database = { host, port: Number(u.port || 5432) };
    } catch {
      // Not a URL: the database client reports that; there is no endpoint to protect.
    }
  }
  return { localPorts, localAddresses, database };
}

/** Loopback, unspecified, or an address of one of this machine's interfaces. */
function isLocal(own: OwnEndpoints, address: string): boolean {
  const range = parseIp(address)?.range();
  return range === 'loopback' || range === 'unspecified' || own.localAddresses.has(address);
}

/**
 * The database's host:port. Named by an IP, that address (or, for loopback, any local one); named
 * by `localhost`, any local address; named otherwise, the name itself and, since which private
 * address it resolves to is not known here, every private address on that port.
 */
function isOwnDatabase(own: OwnEndpoints, dest: Dest, isPublic: boolean): boolean {
  const db = own.database;
  if (!db || dest.port !== db.port) return false;
  if (db.host === dest.hostname || db.host === dest.address) return true;
  const dbIsLocal = db.host === 'localhost' || isLocal(own, db.host);
  if (dbIsLocal) return isLocal(own, dest.address);
  return !parseIp(db.host) && !isPublic;
}

type Dest = { hostname: string; port: number; address: string };

/**
 * Whether the guard may connect to `address` (as resolved or written) for a URL naming `hostname`
 * (normalised) and `port`: null if so, else the reason. Baton's own endpoints are refused first,
 * whatever the list says; then public addresses pass; any other needs a matching entry, compared
 * in canonical form (an entry for 127.0.0.1 covers ::ffff:7f00:1, the same destination).
 */
export function refusal(allow: AllowList, dest: Dest): string | null {
  const { hostname, port } = dest;
  const address = canonicalIp(dest.address) ?? dest.address;
  const cls = classifyAddress(dest.address);
  const isPublic = cls === PUBLIC;
  if ((allow.own.localPorts.has(port) && isLocal(allow.own, address)) || isOwnDatabase(allow.own, { hostname, port, address }, isPublic)) {
    return `${hostname}:${port} is one of Baton's own endpoints (its web server or database), which outbound calls never reach`;
  }
  if (isPublic) return null;
  const listed = allow.entries.some((e) => (e.host === hostname || e.host === address) && (e.port === undefined || e.port === port));
  if (listed) return null;
  const entry = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  return `Blocked: ${hostname} resolves to ${dest.address} (${cls}). Outbound calls reach private or loopback addresses only when an admin lists ${entry} in BATON_ALLOWED_HOSTS`;
}

let fromEnv: { key: string; list: AllowList } | undefined;

/**
 * The process's allow-list from its environment, parsed once (and again only if the environment
 * changed); a bare host is accepted with one warning per process.
 */
export function allowListFromEnv(env: Env = process.env): AllowList {
  const key = [env.BATON_ALLOWED_HOSTS, env.PORT, env.BATON_PG_PORT, env.DATABASE_URL].join('\n');
  if (fromEnv?.key === key) return fromEnv.list;
  const list = parseAllowList(env.BATON_ALLOWED_HOSTS, env);
  if (list.bare.length && fromEnv === undefined) {
    log.warn('BATON_ALLOWED_HOSTS has entries without a port: each allows every port of that host except Baton\'s own. Write host:port instead.', { entries: list.bare });
  }
  fromEnv = { key, list };
  return list;
}
