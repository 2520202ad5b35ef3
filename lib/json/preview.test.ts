import { describe, expect, it } from 'vitest';
import { byteSize, preview } from './preview';

describe('preview of large values', () => {
  it('returns small values untouched', () => {
    const v = { a: [1, 2, 3], b: 'x' };
    expect(preview(v, 1000)).toEqual({ value: v, truncated: false, bytes: byteSize(v) });
  });
  it('shrinks a large value to fit its budget and keeps the structure', () => {
    const v = { id: 7, rows: Array.from({ length: 5000 }, (_, i) => ({ i, text: 'y'.repeat(500) })) };
    const p = preview(v, 8_000);
    expect(p.truncated).toBe(true);
    expect(p.bytes).toBe(byteSize(v));
    expect(byteSize(p.value)).toBeLessThanOrEqual(8_000);
    const value = p.value as { id: number; rows: unknown[] };
    expect(value.id).toBe(7);
    expect(value.rows.at(-1)).toMatch(/^… \d+ more items$/);
  });
  it('a single huge string becomes a cut string saying how much is missing', () => {
    const p = preview('z'.repeat(100_000), 1_000);
    expect(p.value).toMatch(/^z+… \(\d+ more characters\)$/);
    expect(byteSize(p.value)).toBeLessThanOrEqual(1_000);
  });
  it('counts bytes of multi-byte text as UTF-8', () => {
    expect(byteSize('é')).toBe(Buffer.byteLength(JSON.stringify('é')));
    expect(byteSize('😀')).toBe(Buffer.byteLength(JSON.stringify('😀')));
  });
  it('always fits, even for deep objects with many keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key${i}`, { nested: { deeper: 'v'.repeat(50) } }]));
    const p = preview(wide, 500);
    expect(byteSize(p.value)).toBeLessThanOrEqual(500);
  });
});
