/**
 * JSON text for a jsonb parameter. PostgreSQL's jsonb cannot hold U+0000 ("unsupported Unicode
 * escape sequence"), so one NUL in a webhook body or an API's answer would make every commit of
 * its run fail, for ever. NULs become U+FFFD (the replacement character); the common case costs
 * one scan of the text.
 */
export function jsonbText(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000') ? JSON.stringify(value, withoutNul) : text;
}

function withoutNul(_key: string, v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('\0', '\uFFFD');
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.includes('\0'))) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll('\0', '\uFFFD'), x]));
  }
  return v;
}
