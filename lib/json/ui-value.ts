import { preview } from './preview';

/** What one value may weigh in a page or action result; the whole is a download away. */
export const UI_VALUE_BYTES = 32_768;

/** A value for the UI: itself when small, else a preview plus the size of the whole. */
export function uiValue(v: unknown): { value: unknown; fullBytes?: number } {
  const p = preview(v ?? null, UI_VALUE_BYTES);
  return p.truncated ? { value: p.value, fullBytes: p.bytes } : { value: v ?? null };
}

/** A value as the UI prints it: indented JSON. */
export const showJson = (v: unknown) => JSON.stringify(v, null, 2) ?? 'null';

/** A byte count as whole kilobytes, for "the whole output is N KB". */
export const kilobytes = (bytes: number) => Math.ceil(bytes / 1024).toLocaleString('en');
