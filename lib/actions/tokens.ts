'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { API_SCOPES } from '@/db/schema';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { defineAction, UserError } from '@/lib/actions/define-action';

const ANY = { roles: ['admin', 'analyst', 'reviewer'] } as const;

/** Creates a personal API token; the token is in the result once and never again. */
export const createToken = defineAction(ANY, z.object({ name: z.string().trim().min(1, 'Name the token, e.g. "CI pipeline"').max(80), scopes: z.array(z.enum(API_SCOPES)).min(1, 'Pick at least one scope') }), async (input, user) => {
  const created = await createApiToken(getDb(), user!.id, input.name, input.scopes);
  revalidatePath('/settings/tokens');
  return created;
});

export const revokeToken = defineAction(ANY, z.object({ tokenId: z.string().uuid() }), async (input, user) => {
  if (!(await revokeApiToken(getDb(), user!.id, input.tokenId))) throw new UserError('That token does not exist or is already revoked.');
  revalidatePath('/settings/tokens');
  return { ok: true };
});
