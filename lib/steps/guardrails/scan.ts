import { NonRetriableError } from '../errors';
import { MASK_KINDS, type Hit, type MaskKind, type MaskStyle } from './hits';
import { findInjection } from './injection';
import { maskValue } from './mask';
import { findCards, findEmails, findIbans, findIps, findPhones } from './pii';
import { findSecrets, findUrls } from './secrets';

export type ScanOptions = Record<MaskKind, MaskStyle> & { injection: 'flag' | 'off' };

/** One finding: what, which rule, where (`path` into the checked value, '' for a plain string; span in that string as given). */
export type Finding = { kind: Hit['kind']; rule: string; path: string; start: number; end: number; action: 'masked' | 'flagged'; reason?: string };

export type ScanResult = { value: unknown; findings: Finding[]; texts: string[] };

/** The most text one step checks (every string in the value together), so its time stays bounded. */
export const MAX_SCAN_CHARS = 1_000_000;

const DETECT: Record<MaskKind, (text: string) => Hit[]> = {
  email: findEmails,
  phone: findPhones,
  card: findCards,
  iban: findIbans,
  ip: findIps,
  secret: findSecrets,
  url: findUrls,
};

/**
 * Checks every string in `value` (object keys, numbers and booleans are left alone) and returns a
 * copy with the found values masked in place (the text around them kept), every finding, and the
 * masked strings (what a model check may read). Overlapping masked spans are masked as one (a
 * secret inside a masked URL), so no part of either survives.
 */
export function scanValue(value: unknown, opts: ScanOptions, pseudonym: (v: string) => string): ScanResult {
  const findings: Finding[] = [];
  const texts: string[] = [];
  if (textLength(value, 0) > MAX_SCAN_CHARS) {
    throw new NonRetriableError(
      `Guardrails: the text to check is over ${MAX_SCAN_CHARS.toLocaleString('en-US')} characters; check a smaller part (set "Text to check" to one field)`,
    );
  }
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = scanText(v, opts, pseudonym);
      findings.push(...r.hits.map((h) => ({ ...h, path })));
      texts.push(r.masked);
      return r.masked;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k, depth + 1)]));
    return v;
  };
  return { value: walk(value, '', 0), findings, texts };
}

/** Every string's length added up, so an oversized value is refused before any work; nesting is capped too. */
function textLength(v: unknown, depth: number): number {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object') return 0;
  if (depth > 64) throw new NonRetriableError('Guardrails: the value to check is nested more than 64 levels deep');
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += textLength(x, depth + 1);
  return n;
}

/** One string: every enabled detector, then the masking spans merged and replaced in one pass. */
export function scanText(text: string, opts: ScanOptions, pseudonym: (v: string) => string): { masked: string; hits: Omit<Finding, 'path'>[] } {
  const hits: Omit<Finding, 'path'>[] = [];
  const toMask: Hit[] = [];
  const seen = new Set<string>();
  for (const kind of MASK_KINDS) {
    const style = opts[kind];
    if (style === 'off') continue;
    for (const h of DETECT[kind](text)) {
      const key = `${h.rule}:${h.start}:${h.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ ...h, action: style === 'flag' ? 'flagged' : 'masked' });
      if (style !== 'flag') toMask.push(h);
    }
  }
  if (opts.injection === 'flag') for (const h of findInjection(text)) hits.push({ ...h, action: 'flagged' });
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return { masked: applyMasks(text, toMask, opts, pseudonym), hits };
}

function applyMasks(text: string, toMask: Hit[], opts: ScanOptions, pseudonym: (v: string) => string): string {
  if (!toMask.length) return text;
  const sorted = [...toMask].sort((a, b) => a.start - b.start);
  // Clusters of overlapping spans; the longest hit in a cluster says how it is masked.
  const clusters: { start: number; end: number; lead: Hit }[] = [];
  for (const h of sorted) {
    const last = clusters.at(-1);
    if (last && h.start < last.end) {
      last.end = Math.max(last.end, h.end);
      if (h.end - h.start > last.lead.end - last.lead.start) last.lead = h;
    } else clusters.push({ start: h.start, end: h.end, lead: h });
  }
  let out = '';
  let at = 0;
  for (const c of clusters) {
    const kind = c.lead.kind as MaskKind;
    out += text.slice(at, c.start) + maskValue(kind, c.lead.rule, text.slice(c.start, c.end), opts[kind] as 'label' | 'partial' | 'hash', pseudonym);
    at = c.end;
  }
  return out + text.slice(at);
}

/** Whether the findings send the step's input to `violation`: `threats` — anything flagged (injection, or a kind set to flag); `any` — any finding. */
export const isViolation = (findings: Finding[], on: 'threats' | 'any') => (on === 'any' ? findings.length > 0 : findings.some((f) => f.action === 'flagged'));
