/** The one TanStack Query key factory: every cached query's key is built here. */
export const queryKeys = {
  runs: {
    all: ['runs'] as const,
    /** A page of the Runs list for one query string (filters and cursor). */
    list: (search: string) => ['runs', 'list', search] as const,
  },
  inbox: {
    all: ['inbox'] as const,
    count: ['inbox', 'count'] as const,
    list: (search: string) => ['inbox', 'list', search] as const,
  },
  toolStats: {
    /** Live reliability of every tool, or of one (`toolId`). */
    of: (toolId: string | null) => ['toolStats', toolId ?? 'all'] as const,
  },
};
