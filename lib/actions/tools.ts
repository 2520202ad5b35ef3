'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getSql } from '@/db/client';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { changeTool, editTool, registerTool, type ToolChangeResult } from '@/lib/tools/admin';
import { toolFormSchema } from '@/lib/tools/form';
import { testToolVersion } from '@/lib/tools/console';

const ADMIN = { roles: ['admin'] } as const;
const toolId = z.string().uuid('Not a tool id');

const settle = (r: ToolChangeResult) => {
  if (!r.ok) throw new UserError(r.error, r.fieldErrors && Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [`form.${k}`, v])));
  revalidatePath('/admin/tools');
  return { id: r.id, version: r.version };
};

/** Registers a tool (its version 1). */
export const createTool = defineAction(ADMIN, z.object({ form: toolFormSchema }), async ({ form }, actor) => settle(await registerTool(getSql(), form, actor?.id ?? null)));

/** Edits a tool: governance in place, everything else as a new version (steps pinned to older ones keep them). */
export const updateTool = defineAction(ADMIN, z.object({ toolId, form: toolFormSchema }), async ({ toolId, form }, actor) => settle(await editTool(getSql(), toolId, form, actor?.id ?? null)));

/** Disables (refused while a published flow uses the tool) or enables a tool. */
export const setToolEnabled = defineAction(ADMIN, z.object({ toolId, enabled: z.boolean() }), async ({ toolId, enabled }, actor) => {
  const r = await changeTool(getSql(), toolId, enabled ? 'enable' : 'disable', actor?.id ?? null);
  if (!r.ok) throw new UserError(r.error);
  revalidatePath('/admin/tools');
  return { enabled };
});

/** Deletes a tool and its versions; refused, with the flows, while a published flow uses it. */
export const deleteTool = defineAction(ADMIN, z.object({ toolId }), async ({ toolId }, actor) => {
  const r = await changeTool(getSql(), toolId, 'delete', actor?.id ?? null);
  if (!r.ok) throw new UserError(r.error);
  revalidatePath('/admin/tools');
  return { deleted: true };
});

/** The test console: one call of a version with the contract check of both sides and the request sent (secrets masked). */
export const runToolTest = defineAction(ADMIN, z.object({ toolId, version: z.number().int().min(1).optional(), input: z.unknown() }), async ({ toolId, version, input }) => {
  const r = await testToolVersion(getSql(), { toolId, version, input: input ?? {} });
  if (!r) throw new UserError('This tool or version no longer exists.');
  return r;
});
