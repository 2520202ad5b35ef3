import { eachMatch, type Hit } from './hits';

/**
 * Credential shapes with a recognisable prefix. `prefix` is what a partial mask keeps (`sk-****`),
 * enough to say what leaked, never any of the secret part.
 */
export const SECRET_RULES: { rule: string; re: RegExp; prefix: string }[] = [
  { rule: 'anthropic-key', re: /(?<![\w-])sk-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{20,200}/g, prefix: 'sk-ant-' },
  { rule: 'openai-key', re: /(?<![\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}/g, prefix: 'sk-' },
  { rule: 'github-token', re: /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})/g, prefix: 'gh' },
  { rule: 'aws-access-key-id', re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g, prefix: 'AKIA' },
  { rule: 'aws-secret-key', re: /(?<=aws_secret_access_key["']?\s{0,5}[:=]\s{0,5}["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi, prefix: '' },
  { rule: 'slack-token', re: /(?<![\w-])xox[abprs]-[A-Za-z0-9-]{10,250}/g, prefix: 'xox' },
  { rule: 'stripe-key', re: /(?<!\w)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,250}/g, prefix: '' },
  { rule: 'google-api-key', re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g, prefix: 'AIza' },
  { rule: 'jwt', re: /(?<![\w-])eyJ[A-Za-z0-9_-]{5,4000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{10,2000}/g, prefix: 'eyJ' },
  // `password = hunter2!`, `"api_key": "…"`: the value after a credential-named key.
  {
    rule: 'credential-assignment',
    re: /(?<=\b(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token)["']?\s{0,5}[:=]\s{0,5}["']?)[^\s"',;]{6,200}/gi,
    prefix: '',
  },
];

const KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY( BLOCK)?-----/g;

/**
 * Private key blocks: from the BEGIN line to its END line, or, cut short, through the base64
 * lines that follow (a truncated key is still a leak). Scanned by hand: a lazy `[\s\S]*?` to an
 * END that never comes would rescan the rest of the text for every BEGIN.
 */
function findKeyBlocks(text: string): Hit[] {
  if (!text.includes('PRIVATE KEY')) return [];
  // The next END after a position, found once per END: many BEGINs and no END stay linear.
  let end = -2;
  return eachMatch(KEY_BEGIN, text, (m) => {
    const after = m.index + m[0].length;
    if (end !== -1 && end < after) end = text.indexOf('-----END', after);
    const close = end === -1 || end - after > 20_000 ? -1 : text.indexOf('-----', end + 8);
    if (close !== -1) return { kind: 'secret', rule: 'private-key', start: m.index, end: close + 5 };
    // Cut short: the BEGIN line and the base64 lines right after it.
    let i = after;
    for (;;) {
      const nl = text.indexOf('\n', i + 1);
      const line = text.slice(i, nl === -1 ? text.length : nl).trim();
      if (!line || !/^[A-Za-z0-9+/=]+$/.test(line)) break;
      i = nl === -1 ? text.length : nl;
    }
    return { kind: 'secret', rule: 'private-key', start: m.index, end: i };
  });
}

const TOKEN = /(?<![A-Za-z0-9_+/-])[A-Za-z0-9_+/-]{24,129}={0,2}(?![A-Za-z0-9_+/=-])/g;
const HIGH_ENTROPY_BITS = 4.2;

/**
 * Tokens of 24–128 characters mixing upper case, lower case and digits, with a Shannon entropy of
 * at least 4.2 bits per character and a character class changing at most every other character
 * (random base62 changes ~62% of the time; CamelCase identifiers, ~30%): random keys with no known
 * prefix. Hex (hashes, commit ids) and UUIDs lack a class; longer runs (a base64 image) are data.
 */
function findHighEntropy(text: string): Hit[] {
  return eachMatch(TOKEN, text, (m) => {
    const t = m[0];
    if (t.length > 130 || !/[a-z]/.test(t) || !/[A-Z]/.test(t) || !/\d/.test(t) || entropy(t) < HIGH_ENTROPY_BITS || classChanges(t) < 0.45) return null;
    return { kind: 'secret', rule: 'high-entropy', start: m.index, end: m.index + t.length };
  });
}

const classOf = (c: string) => (c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : c >= '0' && c <= '9' ? 2 : 3);

/** The share of neighbouring characters of `s` whose class (lower, upper, digit, other) differs. */
export function classChanges(s: string): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) if (classOf(s[i]!) !== classOf(s[i - 1]!)) n++;
  return n / Math.max(1, s.length - 1);
}

/** Shannon entropy of the characters of `s`, in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

/** API keys and tokens by shape, private key blocks and high-entropy tokens. */
export function findSecrets(text: string): Hit[] {
  const hits = SECRET_RULES.flatMap(({ rule, re }) => eachMatch(re, text, (m) => ({ kind: 'secret', rule, start: m.index, end: m.index + m[0].length })));
  const named = [...hits, ...findKeyBlocks(text)];
  // A named rule says more than "random-looking": keep only the entropy hits no rule explains.
  const covered = overlapIndex(named);
  return [...named, ...findHighEntropy(text).filter((h) => !covered(h))];
}

/** Whether a span overlaps any of `hits`, in O(log n) (sorted starts, running maximum of ends), so many hits stay cheap. */
function overlapIndex(hits: Hit[]): (h: { start: number; end: number }) => boolean {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  for (const h of sorted) maxEnd.push(Math.max(h.end, maxEnd.at(-1) ?? 0));
  return ({ start, end }) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1]! > start;
  };
}

/** What a partial mask keeps of a secret: its rule's public prefix, nothing of the secret part. */
export const secretPrefix = (rule: string, value: string): string => {
  const p = SECRET_RULES.find((r) => r.rule === rule)?.prefix ?? '';
  return p && value.startsWith(p) ? p : '';
};

const URL_RE = /(?<![\w@.-])(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^]{1,2048}/gi;

/** http(s) and `www.` links; trailing punctuation and an unbalanced closing bracket stay outside. */
export function findUrls(text: string): Hit[] {
  return eachMatch(URL_RE, text, (m) => {
    let s = m[0];
    for (;;) {
      const last = s.at(-1)!;
      if (/[.,;:!?'"]/.test(last)) s = s.slice(0, -1);
      else if (last === ')' && count(s, '(') < count(s, ')')) s = s.slice(0, -1);
      else if (last === ']' && count(s, '[') < count(s, ']')) s = s.slice(0, -1);
      else break;
    }
    return s.length > 7 ? { kind: 'url', rule: 'url', start: m.index, end: m.index + s.length } : null;
  });
}

const count = (s: string, ch: string) => s.split(ch).length - 1;
