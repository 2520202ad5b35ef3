import { describe, expect, it } from 'vitest';
import type { Hit } from './hits';
import { findCards, findEmails, findIbans, findIps, findPhones, luhnValid } from './pii';

/** The matched texts, in order of position. */
const found = (find: (t: string) => Hit[], text: string) =>
  find(text)
    .sort((a, b) => a.start - b.start)
    .map((h) => text.slice(h.start, h.end));

describe('e-mail addresses', () => {
  it('finds addresses with plus tags, subdomains and long TLDs, with exact spans', () => {
    expect(found(findEmails, 'Write to jane.doe+invoices@mail.example.co.uk, or ops@example.museum.')).toEqual([
      'jane.doe+invoices@mail.example.co.uk',
      'ops@example.museum',
    ]);
  });
  it('leaves alone what only looks like one: mentions, retina image names, hosts with no TLD, a version pin', () => {
    expect(found(findEmails, 'thanks @jane, see icon@2x.png and logo@3x.webp, ssh root@localhost, npm i react@19.3.1')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('finds international, North American and national (trunk 0) numbers', () => {
    const text = 'Call +44 20 7946 0958, +1 (415) 555-2671, 0049 30 901820, (212) 555-0143, 202.555.0199, 020 7946 0958 or 030 1234567.';
    expect(found(findPhones, text)).toEqual(
      expect.arrayContaining(['+44 20 7946 0958', '+1 (415) 555-2671', '0049 30 901820', '(212) 555-0143', '202.555.0199', '020 7946 0958', '030 1234567']),
    );
  });
  it('ignores dates, times, prices, bare ids, versions, ISBNs and 123-456-7890 (no area code starts with 1)', () => {
    const text =
      'On 2026-12-02 at 14:30 (01/12/2026 10:30) order 0123456789 cost +1,299.00; v10.2.3; ISBN 978-3-16-148410-0; call 123-456-7890; score +12.5; zip 94103';
    expect(found(findPhones, text)).toEqual([]);
  });
  it('stops an international number at 15 digits when the next number runs into it', () => {
    expect(found(findPhones, 'tel +49 30 901820 12345 67890')).toEqual(['+49 30 901820 12345']);
  });
});

describe('payment cards', () => {
  it('finds Luhn-valid numbers with an issuer prefix, spaced, dashed or bare', () => {
    const text = 'Visa 4111 1111 1111 1111, MC 5555-5555-5555-4444, Amex 378282246310005, Discover 6011111111111117.';
    expect(found(findCards, text)).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '6011111111111117']);
  });
  it('ignores product codes and ids: wrong check digit, no issuer prefix, too long, inside a code', () => {
    // 4111…1112 fails Luhn; 1733140000000 is a timestamp (prefix 1) and 9783161484100 an ISBN (prefix 9),
    // whatever their check digit; 20 digits is no card; SKU-4111… is part of a product code.
    const text = 'SKU 4111-1111-1111-1112, ts 1733140000000, ISBN 9783161484100, ref 41111111111111111111, SKU-4111111111111111';
    expect(found(findCards, text)).toEqual([]);
  });
  it('computes the Luhn check', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
  });
});

describe('IBANs', () => {
  it('finds printed and electronic IBANs whose check digits hold', () => {
    expect(found(findIbans, 'Pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432 or FR14 2004 1010 0505 0001 3M02 606.')).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR14 2004 1010 0505 0001 3M02 606',
    ]);
  });
  it('ignores a wrong check digit, a wrong length for the country and look-alike codes', () => {
    expect(found(findIbans, 'DE89 3704 0044 0532 0130 01, DE89370400440532013, AB12CDEF34567890XY, PO12345678ABCD')).toEqual([]);
  });
});

describe('IP addresses', () => {
  it('finds IPv4 (with a port or CIDR) and IPv6 (compressed, with a zone, IPv4-embedded)', () => {
    const text = 'from 192.168.1.10:8080 and 10.0.0.0/8; v6 2001:db8::8a2e:370:7334, fe80::1%eth0, ::ffff:192.0.2.128 and ::1.';
    expect(found(findIps, text)).toEqual(
      expect.arrayContaining(['192.168.1.10', '10.0.0.0', '2001:db8::8a2e:370:7334', 'fe80::1', '::ffff:192.0.2.128', '::1']),
    );
  });
  it('ignores versions, octets over 255, MAC addresses and times', () => {
    expect(found(findIps, 'v1.2.3.4, 1.2.3.4.5, 256.1.1.1, 00:1A:2B:3C:4D:5E at 12:30:45, std::vector')).toEqual([]);
  });
});
