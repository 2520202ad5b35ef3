import { z } from 'zod';
import { TASK_KINDS } from './kinds';

/**
 * The inbox's filters, read from the page's query string (and the API's): isomorphic, so the
 * filter bar and the server agree. Unknown or malformed values fall back to the default.
 */
export const TASK_STATUSES = ['open', 'claimed', 'expired', 'decided', 'cancelled', 'all'] as const;
export const ASSIGNED = ['anyone', 'me', 'my-role', 'unassigned'] as const;
export const AGES = ['any', '1h', '24h', '7d'] as const;
export { TASK_KINDS as KINDS } from './kinds';
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

const opt = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

export const inboxFiltersSchema = z.object({
  status: z.enum(TASK_STATUSES).catch('open').default('open'),
  assigned: z.enum(ASSIGNED).catch('anyone').default('anyone'),
  age: z.enum(AGES).catch('any').default('any'),
  flow: z.string().uuid().optional().catch(undefined),
  kind: opt(TASK_KINDS),
  priority: opt(PRIORITIES),
  /** Reason text contains (the reason says why the task exists: low confidence, an error...). */
  reason: z.string().trim().max(200).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).catch(50).default(50),
});
export type InboxFilters = z.infer<typeof inboxFiltersSchema>;

/** Filters from URLSearchParams or a Next page's searchParams object. */
export function parseInboxFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): InboxFilters {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const obj = Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== ''));
  return inboxFiltersSchema.parse(obj);
}

export const AGE_HOURS: Record<(typeof AGES)[number], number> = { any: 0, '1h': 1, '24h': 24, '7d': 168 };
