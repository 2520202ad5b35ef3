import { describe, expect, it } from 'vitest';
import { canonicalIp, classifyAddress, PUBLIC } from './address-class';

// Pure classification of literal strings: nothing here opens a connection.
const refused: [string, string][] = [
  // IPv4
  ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['10.0.0.1', 'private'], ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['169.254.169.254', 'link-local'], ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'], ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['255.255.255.255', 'broadcast'],
  ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['240.0.0.1', 'reserved'], ['192.0.0.170', 'reserved'],
  ['192.0.2.1', 'reserved'], ['198.18.0.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'],
  // IPv6 natives
  ['::1', 'loopback'], ['::', 'unspecified'], ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
  ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['fec0::1', 'site-local'], ['ff02::1', 'multicast'], ['ff05::2', 'multicast'],
  ['2001:db8::1', 'reserved'], ['100::1', 'discard-only'],
  // IPv4 inside IPv6, every spelling
  ['::ffff:127.0.0.1', 'IPv4-mapped'], ['::ffff:7f00:1', 'IPv4-mapped'], ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped'],
  ['::ffff:127.0.0.2', 'IPv4-mapped'], ['::ffff:a00:1', 'IPv4-mapped'], ['::ffff:8.8.8.8', 'IPv4-mapped'],
  ['::127.0.0.1', 'IPv4-compatible'], ['::7f00:1', 'IPv4-compatible'], ['::a9fe:a9fe', 'IPv4-compatible'],
  ['::ffff:0:7f00:1', 'IPv4-translated'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback 127.0.0.1'], ['64:ff9b::10.0.0.1', 'NAT64 of private 10.0.0.1'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local 169.254.169.254'], ['64:ff9b:1::808:808', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback 127.0.0.1'], ['2002:c0a8:101::1', '6to4 of private 192.168.1.1'],
  ['2002:a9fe:a9fe::', '6to4 of link-local 169.254.169.254'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'], ['2001::1', 'Teredo'],
];

describe('classifyAddress', () => {
  it.each(refused)('%s is %s', (ip, label) => {
    expect(classifyAddress(ip)).toBe(label);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (ip) => expect(classifyAddress(ip)).toBe(PUBLIC),
  );

  it('refuses what is not global unicast IPv6 even where no named range covers it', () => {
    expect(classifyAddress('4000::1')).toBe('not global unicast');
    expect(classifyAddress('e000::1')).toBe('not global unicast');
  });

  it('takes only strict literals: the URL parser, not this module, reads 0x7f.1 or 2130706433', () => {
    for (const s of ['0x7f.1', '2130706433', '017700000001', '127.1', 'localhost', '', '[::1']) expect(classifyAddress(s)).toBe('not an IP address');
    expect(classifyAddress('[::1]')).toBe('loopback');
  });

  it('compares IPv4-mapped spellings as the IPv4 address they name', () => {
    expect(canonicalIp('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(canonicalIp('0:0:0:0:0:ffff:7f00:1')).toBe('127.0.0.1');
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIp('FD00:0:0::01')).toBe('fd00::1');
    expect(canonicalIp('example.com')).toBeNull();
  });

  it('reads a dotted IPv6 tail as the bytes it writes (::1.2.3.4 is IPv4-compatible, not mapped)', () => {
    expect(classifyAddress('::1.2.3.4')).toBe('IPv4-compatible');
    expect(canonicalIp('::127.0.0.1')).toBe('::7f00:1');
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(classifyAddress('fe80::1%eth0')).toBe('not an IP address');
  });
});
