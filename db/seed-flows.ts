import 'server-only';
import { randomBytes, createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { flows, flowVersions } from '@/db/schema';

/** A flow to seed, as plain data (the examples in lib/workflow/examples are of this shape). */
export type SeedFlow = { slug: string; name: string; description: string; tags: string[]; publish: boolean; definition: unknown };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A webhook key: 144 random bits, URL-safe. */
export const newWebhookKey = () => randomBytes(18).toString('base64url');

export const hashDefinition = (def: unknown) => createHash('sha256').update(JSON.stringify(def)).digest('hex');

/** Inserts an example as a draft; published examples also get version 1, active. */
export async function insertExampleFlow(tx: Tx, ex: SeedFlow): Promise<void> {
  const [flow] = await tx.insert(flows).values({ name: ex.name, description: ex.description, tags: ex.tags, draft: ex.definition, webhookKey: newWebhookKey() }).returning({ id: flows.id });
  if (!ex.publish) return;
  const [v] = await tx
    .insert(flowVersions)
    .values({ flowId: flow!.id, number: 1, hash: hashDefinition(ex.definition), definition: ex.definition, note: 'Seeded example' })
    .returning({ id: flowVersions.id });
  await tx.update(flows).set({ active: true, activeVersionId: v!.id }).where(eq(flows.id, flow!.id));
}
