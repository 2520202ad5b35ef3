/** Timestamps as ISO text: postgres.js behind drizzle hands back text or Date depending on the query. */
export function toIso(v: Date | string): string;
export function toIso(v: Date | string | null | undefined): string | null;
export function toIso(v: Date | string | null | undefined): string | null {
  return v ? new Date(v).toISOString() : null;
}

/**
 * Waits for `work` at most `ms` and says how it went instead of throwing: for shutdown steps,
 * each of which must end in bounded time whatever the database does.
 */
export async function settleWithin(work: PromiseLike<unknown> | undefined, ms: number): Promise<'done' | 'timed out' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timed out'>((r) => (timer = setTimeout(() => r('timed out'), Math.max(0, ms))));
  try {
    return await Promise.race([Promise.resolve(work).then(() => 'done' as const, () => 'failed' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
