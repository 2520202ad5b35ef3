import 'server-only';
import type { Db } from '@/db/client';
import { insertAuditRows } from '@/db/queries/audit';
import type { AuditEntry } from './entries';

/** Records an audit entry of the change under way. */
export type Audit = (entry: AuditEntry) => void;

/**
 * Runs a change in one transaction and writes the audit entries it recorded in that same
 * transaction: the change and its audit rows are durable together or not at all (a failure of
 * either rolls back both). The actor comes from the caller (the action helper's session user).
 */
export async function withAudit<T>(db: Db, actorId: string | null, work: (tx: Db, audit: Audit) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const entries: AuditEntry[] = [];
    const result = await work(tx, (e) => void entries.push(e));
    await insertAuditRows(tx, actorId, entries);
    return result;
  });
}
