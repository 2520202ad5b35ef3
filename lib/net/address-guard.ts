import { isIP } from 'node:net';

/**
 * Addresses outbound calls must not reach unless allowed: loopback, private (RFC 1918, ULA),
 * link-local (incl. cloud metadata 169.254.169.254), CGNAT, unspecified, multicast, and the
 * IPv4-mapped forms of all of these.
 */
export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) return privateV4(ip);
  if (v === 6) {
    const lower = ip.toLowerCase();
    const mapped = lower.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return privateV4(mapped[1]!);
    if (lower === '::1' || lower === '::') return true;
    const first = parseInt(lower.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
  }
  return true; // not an IP at all: refuse rather than guess
}

function privateV4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
  );
}

/** An allow-list entry matches the host name as written or the resolved address. */
export const isAllowed = (allowed: readonly string[], host: string, address?: string) =>
  allowed.includes(host.toLowerCase()) || (address !== undefined && allowed.includes(address));
