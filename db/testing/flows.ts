import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, flowVersions } from '@/db/schema';
import { hashDefinition, newWebhookKey } from '@/db/seed-flows';
import type { FlowInput } from '@/lib/workflow/types';

/** Inserts a flow whose draft and version 1 are `definition`, active unless told otherwise. */
export async function insertPublishedFlow(db: Db, definition: FlowInput, opts: { active?: boolean; name?: string } = {}) {
  const webhookKey = newWebhookKey();
  const [flow] = await db.insert(flows).values({ name: opts.name ?? 'test flow', draft: definition, webhookKey }).returning({ id: flows.id });
  const [v] = await db.insert(flowVersions).values({ flowId: flow!.id, number: 1, hash: hashDefinition(definition), definition }).returning({ id: flowVersions.id });
  await db.update(flows).set({ active: opts.active ?? true, activeVersionId: v!.id }).where(eq(flows.id, flow!.id));
  return { flowId: flow!.id, versionId: v!.id, webhookKey };
}
