/** Timestamps as ISO text: postgres.js behind drizzle hands back text or Date depending on the query. */
export function toIso(v: Date | string): string;
export function toIso(v: Date | string | null | undefined): string | null;
export function toIso(v: Date | string | null | undefined): string | null {
  return v ? new Date(v).toISOString() : null;
}
