'use server';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { getDb, getDbHandle } from '@/db/client';
import { flows, flowVersions } from '@/db/schema';
import { getFlow, getVersion, listVersions, nextVersionNumber, saveDraft, takeDraftEditors } from '@/db/queries/flows';
import { hashDefinition, newWebhookKey } from '@/db/seed-flows';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { describeIssue, prepareFlow } from '@/lib/workflow/prepare';
import { flowTargets } from '@/db/queries/flow-references';
import { referencedFlowIds, referenceIssues } from '@/lib/workflow/references';
import { emptyFlow } from '@/lib/workflow/new-flow';
import { sealFlowSecrets } from '@/lib/crypto/seal-flow-secrets';
import { describeDiff, diffFlows } from '@/lib/workflow/diff';
import type { FlowInput } from '@/lib/workflow/types';

const EDIT = { roles: ['admin', 'analyst'] } as const;
const id = z.string().uuid('Unknown flow');
const name = z.string().trim().min(1, 'Give the flow a name').max(120, 'Keep the name under 120 characters');

async function mustGet(flowId: string) {
  const flow = await getFlow(getDb(), flowId);
  if (!flow) throw new UserError('This flow no longer exists.');
  return flow;
}

export const createFlow = defineAction(EDIT, z.object({ name }), async (input, user, { change }) => {
  const row = await change(async (tx, audit) => {
    const [r] = await tx.insert(flows).values({ name: input.name, draft: emptyFlow(), webhookKey: newWebhookKey(), createdBy: user!.id }).returning({ id: flows.id });
    audit({ action: 'flow.create', target: r!.id });
    return r;
  });
  revalidatePath('/flows');
  return { id: row!.id };
});

export const renameFlow = defineAction(EDIT, z.object({ flowId: id, name, tags: z.array(z.string().trim().min(1).max(30)).max(10).optional() }), async (input, _user, { change }) => {
  await mustGet(input.flowId);
  await change(async (tx, audit) => {
    await tx.update(flows).set({ name: input.name, ...(input.tags ? { tags: input.tags } : {}), updatedAt: new Date() }).where(eq(flows.id, input.flowId));
    audit({ action: 'flow.rename', target: input.flowId, details: { name: input.name } });
  });
  revalidatePath('/flows');
  return { ok: true };
});

export const duplicateFlow = defineAction(EDIT, z.object({ flowId: id }), async (input, user, { change }) => {
  const src = await mustGet(input.flowId);
  const row = await change(async (tx, audit) => {
    const [r] = await tx.insert(flows).values({ name: `${src.name} (copy)`, description: src.description, tags: src.tags, draft: src.draft, webhookKey: newWebhookKey(), createdBy: user!.id, draftEditors: [user!.id] }).returning({ id: flows.id });
    audit({ action: 'flow.duplicate', target: r!.id, details: { from: input.flowId } });
    return r;
  });
  revalidatePath('/flows');
  return { id: row!.id };
});

export const deleteFlow = defineAction(EDIT, z.object({ flowId: id }), async (input, _user, { change }) => {
  await mustGet(input.flowId);
  await change(async (tx, audit) => {
    await tx.delete(flows).where(eq(flows.id, input.flowId));
    audit({ action: 'flow.delete', target: input.flowId });
  });
  revalidatePath('/flows');
  return { ok: true };
});

export const setFlowActive = defineAction(EDIT, z.object({ flowId: id, active: z.boolean() }), async (input, _user, { change }) => {
  const flow = await mustGet(input.flowId);
  if (input.active && !flow.activeVersionId) throw new UserError('Publish the flow before activating it: production runs use a published version.');
  await change(async (tx, audit) => {
    await tx.update(flows).set({ active: input.active }).where(eq(flows.id, input.flowId));
    audit({ action: input.active ? 'flow.activate' : 'flow.deactivate', target: input.flowId });
  });
  revalidatePath('/flows');
  revalidatePath(`/flows/${input.flowId}`);
  // The confirmation names the version production runs now use.
  const version = flow.activeVersionId ? await getVersion(getDb(), input.flowId, flow.activeVersionId) : undefined;
  return { active: input.active, version: version?.number ?? null };
});

/** Autosave: refuses (conflict) when someone saved since `revision`, unless `force`. */
export const saveFlowDraft = defineAction(EDIT, z.object({ flowId: id, draft: z.unknown(), revision: z.union([z.number().int(), z.literal('force')]) }), async (input, user) => {
  const shape = prepareFlow(input.draft);
  if (!shape.ok && shape.issues.some((i) => i.field === 'version' || (!i.stepId && i.edge === undefined && i.field))) {
    throw new UserError('The flow document is malformed and was not saved.');
  }
  const revision = await saveDraft(getDb(), input.flowId, sealFlowSecrets(input.draft), input.revision, user?.id ?? null);
  if (revision === null) return { conflict: true as const };
  return { conflict: false as const, revision };
});

export const publishFlow = defineAction(EDIT, z.object({ flowId: id, note: z.string().trim().max(500).default('') }), async (input, user, { change }) => {
  const flow = await mustGet(input.flowId);
  const prepared = prepareFlow(flow.draft);
  if (!prepared.ok) throw new UserError(`Fix the ${prepared.issues.length} problem(s) shown in the editor before publishing.`);
  const named = prepared.prepared.flow;
  const refs = referenceIssues(named, await flowTargets(getDbHandle().sql, referencedFlowIds(named)));
  if (refs.length) throw new UserError(`Cannot publish: ${refs.map(describeIssue).join('; ')}`);
  const previous = (await listVersions(getDb(), input.flowId))[0];
  const changes = describeDiff(diffFlows((previous?.definition as FlowInput) ?? null, flow.draft as FlowInput));
  const { v, number } = await change(async (tx, audit) => {
    const n = await nextVersionNumber(tx, input.flowId);
    const editedBy = await takeDraftEditors(tx, input.flowId);
    const [row] = await tx.insert(flowVersions).values({ flowId: input.flowId, number: n, hash: hashDefinition(flow.draft as FlowInput), definition: flow.draft, note: input.note, createdBy: user!.id, editedBy }).returning({ id: flowVersions.id });
    await tx.update(flows).set({ activeVersionId: row!.id, updatedAt: new Date() }).where(eq(flows.id, input.flowId));
    audit({ action: 'flow.publish', target: input.flowId, details: { number: n } });
    return { v: row, number: n };
  });
  revalidatePath(`/flows/${input.flowId}`);
  return { versionId: v!.id, number, changes };
});

/** Restores a published version as the working draft (a new draft revision; history stays). */
export const restoreVersion = defineAction(EDIT, z.object({ flowId: id, versionId: z.string().uuid() }), async (input, user, { change }) => {
  const v = await getVersion(getDb(), input.flowId, input.versionId);
  if (!v) throw new UserError('That version does not exist.');
  const revision = await change(async (tx, audit) => {
    audit({ action: 'flow.restore', target: input.flowId, details: { number: v.number } });
    return saveDraft(tx, input.flowId, v.definition, 'force', user?.id ?? null);
  });
  return { revision: revision!, draft: v.definition as FlowInput };
});

/** Imports a flow document as a new flow; bad documents change nothing and say where. */
export const importFlow = defineAction(EDIT, z.object({ name, document: z.string().max(5_000_000) }), async (input, user, { change }) => {
  let doc: unknown;
  try {
    doc = JSON.parse(input.document);
  } catch (e) {
    throw new UserError(`The file is not valid JSON: ${(e as Error).message}`);
  }
  const def = (doc as { definition?: unknown })?.definition ?? doc;
  const r = prepareFlow(def);
  if (!r.ok) {
    const lines = r.issues.slice(0, 20).map(describeIssue);
    throw new UserError('The flow has problems and was not imported.', { document: lines });
  }
  const row = await change(async (tx, audit) => {
    const [r] = await tx.insert(flows).values({ name: input.name, draft: sealFlowSecrets(def), webhookKey: newWebhookKey(), createdBy: user!.id, draftEditors: [user!.id] }).returning({ id: flows.id });
    audit({ action: 'flow.import', target: r!.id });
    return r;
  });
  revalidatePath('/flows');
  return { id: row!.id };
});
