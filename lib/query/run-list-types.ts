/** A row of the Runs list, as the page renders it and /api/runs returns it. */
export type RunListRow = { id: string; flowName: string; status: string; isTest: boolean; triggerKind: string; startedAt: string; durationMs: number | null };
export type RunListPage = { rows: RunListRow[]; nextCursor: string | null };
