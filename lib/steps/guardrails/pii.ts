import ipaddr from 'ipaddr.js';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { eachMatch, type Hit } from './hits';

// Every pattern begins with a lookbehind that refuses to start inside a token and uses bounded
// repeats, so each position is tried at most a bounded number of steps (see hits.ts).

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,8}\.[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;
// `icon@2x.png`: a retina image name, not an address.
const RETINA = /@\d+x\.(?:png|jpe?g|gif|svg|webp|avif)$/i;

/** E-mail addresses (ASCII local part ≤ 64 characters, a dotted domain with a letter TLD). */
export function findEmails(text: string): Hit[] {
  if (!text.includes('@')) return [];
  return eachMatch(EMAIL, text, (m) => (RETINA.test(m[0]) ? null : { kind: 'email', rule: 'email', start: m.index, end: m.index + m[0].length }));
}

const INTERNATIONAL = /(?<![\w+])(?:\+|00)[1-9][\d ().-]{5,22}\d(?!\w)/g;
const NANP = /(?<![\w+])(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\w|[.-]\d)/g;
const TRUNK = /(?<![\w+])0[1-9]\d{0,3}(?:[ /-]\d{2,8}){1,4}(?!\w|[./:-]\d)/g;

/**
 * Phone numbers in three shapes: international (`+` or `00`, 7–15 digits, E.164's limit), North
 * American `(415) 555-2671` / `415-555-2671`, and national numbers with a trunk 0 and separators
 * (`020 7946 0958`, `030 1234567`), 9–12 digits. Digits with no separators and no `+` are not
 * taken for phone numbers: order and account ids look exactly like that. (libphonenumber-js was
 * measured for this and left out: 70–190 µs per candidate, 9 s on 400 KB of hostile text.)
 */
export function findPhones(text: string): Hit[] {
  const hits = [
    ...eachMatch(INTERNATIONAL, text, (m) => international(m[0], m.index)),
    ...eachMatch(NANP, text, (m) => ({ kind: 'phone', rule: 'phone-nanp', start: m.index, end: m.index + m[0].length })),
    ...eachMatch(TRUNK, text, (m) => {
      const n = digitCount(m[0]);
      return n >= 9 && n <= 12 ? { kind: 'phone', rule: 'phone-national', start: m.index, end: m.index + m[0].length } : null;
    }),
  ];
  return hits;
}

function international(s: string, at: number): Hit | null {
  // The candidate may run into the next number ("+1 415 555 2671 2026"): drop trailing groups.
  let cut = s;
  while (digitCount(cut) > 15) {
    const i = cut.search(/[ ().-]+\d+$/);
    if (i <= 0) return null;
    cut = cut.slice(0, i);
  }
  cut = cut.replace(/[ ().-]+$/, '');
  const n = digitCount(cut);
  if (n < 7 || /[ .-]{2}|\(\(|\)\)/.test(cut) || count(cut, '(') !== count(cut, ')')) return null;
  return { kind: 'phone', rule: 'phone-international', start: at, end: at + cut.length };
}

const CARD = /(?<![\w-])(?:\d[ -]?){12,18}\d(?!\w|-\w)/g;
// Issuer prefixes: Visa 4, Mastercard 51–55 and 22–27, Amex 34/37, Diners 30/36/38/39, JCB 35,
// Discover/UnionPay/Maestro 6x, Maestro 50/56–59. Ids starting 0, 1, 7, 8 or 9 (timestamps, ISBNs) are not cards.
const ISSUER = /^(?:4|5[0-9]|2[2-7]|3[0456789]|6)/;

/** Payment card numbers: 13–19 digits (spaces or dashes allowed), a known issuer prefix, and a valid Luhn check digit. */
export function findCards(text: string): Hit[] {
  return eachMatch(CARD, text, (m) => {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !ISSUER.test(digits) || !luhnValid(digits)) return null;
    return { kind: 'card', rule: 'card-luhn', start: m.index, end: m.index + m[0].length };
  });
}

/** The Luhn (mod 10) check every payment card number carries in its last digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;

/** IBANs, printed or electronic, checked by ibantools: the country's length and format, and the mod-97 check digits. */
export function findIbans(text: string): Hit[] {
  return eachMatch(IBAN, text, (m) => {
    const electronic = electronicFormatIBAN(m[0]);
    return electronic && isValidIBAN(electronic) ? { kind: 'iban', rule: 'iban-mod97', start: m.index, end: m.index + m[0].length } : null;
  });
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g');
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f:.]{3,45}(?![\w:])/g;

/**
 * IPv4 addresses (four octets ≤ 255, not part of a longer dotted number such as `1.2.3.4.5` or
 * `v1.2.3.4`) and IPv6 addresses (any form ipaddr.js accepts, IPv4-embedded included; a MAC
 * address or a time is not one). A four-part version number written bare reads as an address.
 */
export function findIps(text: string): Hit[] {
  const v4 = eachMatch(IPV4, text, (m) => ({ kind: 'ip', rule: 'ipv4', start: m.index, end: m.index + m[0].length }));
  if (!text.includes(':')) return v4;
  const v6 = eachMatch(IPV6_CANDIDATE, text, (m) => {
    const s = m[0].replace(/\.+$/, '');
    if (!s.includes(':') || !/[0-9A-Fa-f]/.test(s) || !ipaddr.IPv6.isValid(s)) return null;
    return { kind: 'ip', rule: 'ipv6', start: m.index, end: m.index + s.length };
  });
  return [...v4, ...v6];
}

const digitCount = (s: string) => s.replace(/\D/g, '').length;
const count = (s: string, ch: string) => s.split(ch).length - 1;
