import 'server-only';
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows } from '@/db/schema';

export async function listFlows(db: Db) {
  return db
    .select({ id: flows.id, name: flows.name, tags: flows.tags, active: flows.active, updatedAt: flows.updatedAt })
    .from(flows)
    .orderBy(desc(flows.updatedAt));
}
