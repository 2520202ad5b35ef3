'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { findUserById, insertUser, setDisabled, updateUser } from '@/db/queries/users';
import { createAccessLink } from '@/lib/auth/access-links';
import type { AccessLinkPurpose } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { newAccountSchema, roleListSchema } from '@/lib/auth/account-schema';
import { defineAction, UserError } from '@/lib/actions/define-action';

const ADMIN = { roles: ['admin'] } as const;

/** Admin creates an account with a starting password and roles. */
export const createUser = defineAction(ADMIN, newAccountSchema.extend({ roles: roleListSchema }), async (input, _actor, { change }) => {
  const passwordHash = await hashPassword(input.password);
  const user = await change(async (tx, audit) => {
    const u = await insertUser(tx, { email: input.email, name: input.name, roles: input.roles, passwordHash });
    if (!u) throw new UserError('An account with this email already exists.', { email: ['This email is already taken.'] });
    audit({ action: 'user.create', target: u.id, details: { email: u.email, roles: u.roles } });
    return u;
  });
  revalidatePath('/admin/users');
  return { id: user.id };
});

/**
 * Admin invites someone: the account exists at once (roles set, no password yet), and the admin
 * gets a one-time link (valid 7 days) with which the person chooses their own password.
 */
export const inviteUser = defineAction(ADMIN, newAccountSchema.omit({ password: true }).extend({ roles: roleListSchema }), async (input, actor, { change }) => {
  const { user, link } = await change(async (tx, audit) => {
    const u = await insertUser(tx, { email: input.email, name: input.name, roles: input.roles, passwordHash: null });
    if (!u) throw new UserError('An account with this email already exists.', { email: ['This email is already taken.'] });
    audit({ action: 'user.invite', target: u.id, details: { email: u.email, roles: u.roles } });
    return { user: u, link: await createAccessLink(tx, { userId: u.id, purpose: 'invite', createdBy: actor?.id }) };
  });
  revalidatePath('/admin/users');
  return { id: user.id, path: `/welcome/${link.token}`, expiresAt: link.expiresAt.toISOString() };
});

/**
 * A new one-time sign-in link for a user (a fresh invitation while they have no password, else
 * a password reset valid 24 hours). Earlier links of theirs stop working.
 */
export const createSignInLink = defineAction(ADMIN, z.object({ userId: z.string().uuid() }), async ({ userId }, actor, { change }) => {
  const user = await findUserById(getDb(), userId);
  if (!user) throw new UserError('That user no longer exists.');
  if (user.disabled) throw new UserError('Enable the account first: a disabled account cannot sign in.');
  const purpose: AccessLinkPurpose = user.passwordHash ? 'reset' : 'invite';
  const link = await change(async (tx, audit) => {
    audit({ action: `user.link.${purpose}`, target: userId });
    return createAccessLink(tx, { userId, purpose, createdBy: actor?.id });
  });
  return { purpose, path: `/welcome/${link.token}`, expiresAt: link.expiresAt.toISOString() };
});

/** Sets a user's roles; an admin cannot drop their own admin role (someone must remain). */
export const setUserRoles = defineAction(ADMIN, z.object({ userId: z.string().uuid(), roles: roleListSchema }), async ({ userId, roles }, actor, { change }) => {
  if (userId === actor?.id && !roles.includes('admin')) throw new UserError('You cannot remove your own admin role.');
  const user = await change(async (tx, audit) => {
    const u = await updateUser(tx, userId, { roles });
    if (!u) throw new UserError('That user no longer exists.');
    audit({ action: 'user.roles', target: userId, details: { roles } });
    return u;
  });
  revalidatePath('/admin/users');
  return { roles: user.roles };
});

/** Disables (signing the user out everywhere at their next request) or re-enables an account. */
export const setUserDisabled = defineAction(ADMIN, z.object({ userId: z.string().uuid(), disabled: z.boolean() }), async ({ userId, disabled }, actor, { change }) => {
  if (userId === actor?.id) throw new UserError('You cannot disable your own account.');
  const user = await change(async (tx, audit) => {
    const u = await setDisabled(tx, userId, disabled);
    if (!u) throw new UserError('That user no longer exists.');
    audit({ action: disabled ? 'user.disable' : 'user.enable', target: userId });
    return u;
  });
  revalidatePath('/admin/users');
  return { disabled: user.disabled };
});
