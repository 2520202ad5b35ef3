/** A row of the Runs list, as the page renders it and /api/runs returns it. */
export type RunListRow = { id: string; flowName: string; status: string; isTest: boolean; triggerKind: string; startedAt: string; durationMs: number | null;
  /** Tokens of its model calls (null: none); cost null when none or when a price was unknown. */
  tokens: number | null; costUsd: number | null };
export type RunListPage = { rows: RunListRow[]; nextCursor: string | null };
