import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The one class an outbound call may reach without an allow-list entry. */
export const PUBLIC = 'public';

const V4_LABELS: Record<string, string> = {
  unspecified: 'unspecified', broadcast: 'broadcast', multicast: 'multicast', linkLocal: 'link-local',
  loopback: 'loopback', carrierGradeNat: 'carrier-grade NAT', private: 'private', reserved: 'reserved',
  as112: 'AS112 anycast', amt: 'AMT anycast', benchmarking: 'benchmarking',
};
const V6_LABELS: Record<string, string> = {
  unspecified: 'unspecified', linkLocal: 'link-local', multicast: 'multicast', loopback: 'loopback',
  uniqueLocal: 'unique-local', ipv4Mapped: 'IPv4-mapped', rfc6145: 'IPv4-translated', teredo: 'Teredo',
  deprecatedSiteLocal: 'site-local', discard: 'discard-only', reserved: 'reserved',
};

/**
 * Parses an IP literal strictly (node's grammar: no octal, hex or short IPv4 forms); null if it
 * is not one. IPv6 goes through the URL serializer first, which writes it in hex only:
 * ipaddr.js 2.5 reads a dotted tail such as `::127.0.0.1` (IPv4-compatible, the way glibc prints
 * one) as `::ffff:127.0.0.1`, the wrong bytes.
 */
export function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 4) return ipaddr.parse(bare);
  if (family !== 6) return null;
  try {
    return ipaddr.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
  } catch {
    return null; // a zone id (fe80::1%eth0): never an address the guard connects to
  }
}

/**
 * What kind of address this is, decided from its bytes: `'public'` or a label naming why it is
 * not ('loopback', 'private', 'IPv4-mapped', 'NAT64 of loopback' …). Everything that is not
 * global unicast is refused by default, including every way of writing IPv4 inside IPv6:
 * mapped (::ffff:0:0/96), compatible (::/96), translated (::ffff:0:0:0/96) and Teredo are refused
 * outright; NAT64's well-known prefix (64:ff9b::/96) and 6to4 (2002::/16) are judged by the IPv4
 * address they carry, so a host behind DNS64 can still reach public services; the local-use NAT64
 * prefix (64:ff9b:1::/48) is refused. Not an IP literal: 'not an IP address'.
 */
export function classifyAddress(ip: string): string {
  const addr = parseIp(ip);
  if (!addr) return 'not an IP address';
  return addr.kind() === 'ipv4' ? classifyV4(addr as ipaddr.IPv4) : classifyV6(addr as ipaddr.IPv6);
}

export const isPublicAddress = (ip: string) => classifyAddress(ip) === PUBLIC;

function classifyV4(a: ipaddr.IPv4): string {
  const range = a.range();
  return range === 'unicast' ? PUBLIC : (V4_LABELS[range] ?? range);
}

function classifyV6(a: ipaddr.IPv6): string {
  const bytes = a.toByteArray();
  if (bytes.slice(0, 12).every((b) => b === 0)) {
    // ::/96 holds the unspecified and loopback addresses and the deprecated IPv4-compatible form.
    if (bytes.slice(12, 15).every((b) => b === 0) && bytes[15]! <= 1) return bytes[15] ? 'loopback' : 'unspecified';
    return 'IPv4-compatible';
  }
  const range = a.range();
  if (range === 'rfc6052') {
    const wellKnown = a.parts[2] === 0 && a.parts[3] === 0 && a.parts[4] === 0 && a.parts[5] === 0;
    return wellKnown ? embedded('NAT64', bytes.slice(12, 16)) : 'local-use NAT64';
  }
  if (range === '6to4') return embedded('6to4', bytes.slice(2, 6));
  if (range === 'unicast') return (bytes[0]! & 0xe0) === 0x20 ? PUBLIC : 'not global unicast';
  return V6_LABELS[range] ?? range;
}

/** A translation prefix is as reachable as the IPv4 address inside it. */
function embedded(prefix: string, v4: number[]): string {
  const inner = classifyV4(new ipaddr.IPv4(v4));
  return inner === PUBLIC ? PUBLIC : `${prefix} of ${inner} ${v4.join('.')}`;
}

/**
 * The form allow-list entries and own endpoints are compared in: IPv4 dotted for IPv4 and its
 * IPv4-mapped IPv6 spelling (the same destination), RFC 5952 text for other IPv6.
 */
export function canonicalIp(ip: string): string | null {
  const addr = parseIp(ip);
  if (!addr) return null;
  if (addr.kind() === 'ipv4') return addr.toString();
  const v6 = addr as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}
