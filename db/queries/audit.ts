import 'server-only';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';

export type AuditRow = { action: string; target: string; details?: unknown };

/** Appends audit rows for one actor (null: no session, e.g. the first-run set-up). */
export async function insertAuditRows(db: Db, actorId: string | null, rows: readonly AuditRow[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(auditLog).values(rows.map((r) => ({ actorId, action: r.action, target: r.target, details: r.details ?? null })));
}
