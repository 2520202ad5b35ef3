/**
 * Truncated previews of large JSON values, for events, logs and the UI. Step rows keep values
 * whole (later steps and resumes read them); everything people look at gets a preview that
 * stays a JSON tree, so the UI still shows structure, and says how big the whole was.
 */
export type Preview = { value: unknown; truncated: boolean; bytes: number };

type Limits = { text: number; items: number; depth: number };
const PASSES: Limits[] = [
  { text: 2_000, items: 100, depth: 8 },
  { text: 300, items: 20, depth: 5 },
  { text: 80, items: 5, depth: 3 },
];

export const byteSize = (v: unknown) => utf8Length(JSON.stringify(v ?? null));

function utf8Length(s: string) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

function shrink(v: unknown, l: Limits, depth: number): unknown {
  if (typeof v === 'string') return v.length > l.text ? `${v.slice(0, l.text)}… (${v.length - l.text} more characters)` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= l.depth) return Array.isArray(v) ? `[list of ${v.length}]` : '{…}';
  if (Array.isArray(v)) {
    const head = v.slice(0, l.items).map((x) => shrink(x, l, depth + 1));
    return v.length > l.items ? [...head, `… ${v.length - l.items} more items`] : head;
  }
  const entries = Object.entries(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries.slice(0, l.items)) out[k] = shrink(x, l, depth + 1);
  if (entries.length > l.items) out['…'] = `${entries.length - l.items} more keys`;
  return out;
}

/** The value itself when it fits in `maxBytes` of JSON, else a smaller tree (or text) that does. */
export function preview(value: unknown, maxBytes: number): Preview {
  const bytes = byteSize(value);
  if (bytes <= maxBytes) return { value, truncated: false, bytes };
  for (const limits of PASSES) {
    const small = shrink(value, limits, 0);
    if (byteSize(small) <= maxBytes) return { value: small, truncated: true, bytes };
  }
  const text = JSON.stringify(value).slice(0, Math.max(0, maxBytes - 40));
  return { value: `${text}… (${bytes} bytes in all)`, truncated: true, bytes };
}
