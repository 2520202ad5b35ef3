import type { MaskKind } from './hits';
import { secretPrefix } from './secrets';

const LABEL: Record<MaskKind, string> = { email: 'EMAIL', phone: 'PHONE', card: 'CARD', iban: 'IBAN', ip: 'IP', secret: 'SECRET', url: 'URL' };

/**
 * The replacement for `value` (of `kind`, found by `rule`) in `style`. `partial` keeps what
 * helps a reader and nothing that identifies: an e-mail's first letter and domain, a phone's last
 * two digits, a card's or IBAN's last four (the IBAN's country too), an IPv4's first octet, a
 * URL's origin, a secret's public prefix only. `hash` is `[EMAIL#1a2b3c4d]`, the same for the same
 * value within a run (so a model can still tell two people apart), different across runs.
 */
export function maskValue(kind: MaskKind, rule: string, value: string, style: 'label' | 'partial' | 'hash', pseudonym: (v: string) => string): string {
  if (style === 'label') return `[${LABEL[kind]}]`;
  if (style === 'hash') return `[${LABEL[kind]}#${pseudonym(value)}]`;
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      return `${value[0]}***${value.slice(at)}`;
    }
    case 'phone':
      return keepLast(value, 2, /\d/);
    case 'card':
      return keepLast(value, 4, /\d/);
    case 'iban':
      return value.slice(0, 2) + keepLast(value.slice(2), 4, /[A-Za-z0-9]/);
    case 'ip':
      return rule === 'ipv4' ? value.replace(/\.\d+/g, '.*') : `${value.split(':')[0]}:****`;
    case 'url': {
      const m = /^(?:https?:\/\/)?[^/?#]+/i.exec(value);
      return m && m[0].length < value.length ? `${m[0]}/…` : m ? m[0] : `[${LABEL.url}]`;
    }
    case 'secret':
      return `${secretPrefix(rule, value)}****`;
  }
}

/** Every character matching `which` but the last `n` of them becomes `*`; separators stay. */
function keepLast(value: string, n: number, which: RegExp): string {
  let seen = [...value].filter((c) => which.test(c)).length;
  return [...value].map((c) => (which.test(c) && seen-- > n ? '*' : c)).join('');
}
