'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { CredentialError } from '@/lib/vault/errors';
import { credentialNameSchema, credentialSecretSchema, credentialSubjectSchema } from '@/lib/vault/secret-schema';
import { listGrantableSubjects } from '@/lib/vault/subjects';
import * as vault from '@/lib/vault/vault';

const ADMIN = { roles: ['admin'] } as const;
const PAGE = '/admin/credentials';
const id = z.string().uuid('Unknown credential.');

/** The vault's refusals (name taken, gone) become form errors; nothing else is caught here. */
async function asUserErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CredentialError && err.code === 'name-taken') throw new UserError(err.message, { name: ['This name is already taken.'] });
    if (err instanceof CredentialError && err.code === 'not-found') throw new UserError(err.message);
    throw err;
  }
}

/** Admin stores a new credential; the secret is sealed at once and never shown again. */
export const createCredential = defineAction(ADMIN, z.object({ name: credentialNameSchema, secret: credentialSecretSchema }), async (input, actor, { change }) => {
  const created = await asUserErrors(() => change((tx, audit) => vault.createCredential(tx, audit, { name: input.name, secret: input.secret, createdBy: actor?.id ?? null })));
  revalidatePath(PAGE);
  return created;
});

/** Admin replaces a credential's secret (write-only: the old one is never shown). */
export const replaceCredentialSecret = defineAction(ADMIN, z.object({ id, secret: credentialSecretSchema }), async (input, _actor, { change }) => {
  await asUserErrors(() => change((tx, audit) => vault.replaceCredentialSecret(tx, audit, input.id, input.secret)));
  revalidatePath(PAGE);
  return { id: input.id };
});

export const renameCredential = defineAction(ADMIN, z.object({ id, name: credentialNameSchema }), async (input, _actor, { change }) => {
  await asUserErrors(() => change((tx, audit) => vault.renameCredential(tx, audit, input.id, input.name)));
  revalidatePath(PAGE);
  return { id: input.id };
});

export const deleteCredential = defineAction(ADMIN, z.object({ id }), async (input, _actor, { change }) => {
  await asUserErrors(() => change((tx, audit) => vault.deleteCredential(tx, audit, input.id)));
  revalidatePath(PAGE);
  return { id: input.id };
});

/** Admin chooses exactly which subjects (tools today) may use the credential; only existing ones. */
export const setCredentialGrants = defineAction(ADMIN, z.object({ id, grants: z.array(credentialSubjectSchema).max(500) }), async (input, _actor, { change }) => {
  const known = new Set((await listGrantableSubjects(getDb())).map((s) => `${s.kind}:${s.id}`));
  const unknown = input.grants.filter((g) => !known.has(`${g.kind}:${g.id}`));
  if (unknown.length) throw new UserError(`${unknown.length === 1 ? 'One chosen subject no longer exists' : `${unknown.length} chosen subjects no longer exist`}; reload the page and choose again.`);
  await asUserErrors(() => change((tx, audit) => vault.setCredentialGrants(tx, audit, input.id, input.grants)));
  revalidatePath(PAGE);
  return { id: input.id, grants: input.grants.length };
});
