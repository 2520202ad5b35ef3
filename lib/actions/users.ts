'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { findUserById, insertUser, setDisabled, updateUser } from '@/db/queries/users';
import { createAccessLink } from '@/db/queries/access-links';
import { auditLog, type AccessLinkPurpose } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { newAccountSchema, roleListSchema } from '@/lib/auth/account-schema';
import { defineAction, UserError } from '@/lib/actions/define-action';

const ADMIN = { roles: ['admin'] } as const;

/** Admin creates an account with a starting password and roles. */
export const createUser = defineAction(ADMIN, newAccountSchema.extend({ roles: roleListSchema }), async (input, actor) => {
  const db = getDb();
  const user = await insertUser(db, { email: input.email, name: input.name, roles: input.roles, passwordHash: await hashPassword(input.password) });
  if (!user) throw new UserError('An account with this email already exists.', { email: ['This email is already taken.'] });
  await db.insert(auditLog).values({ actorId: actor?.id, action: 'user.create', target: user.id, details: { email: user.email, roles: user.roles } });
  revalidatePath('/admin/users');
  return { id: user.id };
});

/**
 * Admin invites someone: the account exists at once (roles set, no password yet), and the admin
 * gets a one-time link (valid 7 days) with which the person chooses their own password.
 */
export const inviteUser = defineAction(ADMIN, newAccountSchema.omit({ password: true }).extend({ roles: roleListSchema }), async (input, actor) => {
  const db = getDb();
  const user = await insertUser(db, { email: input.email, name: input.name, roles: input.roles, passwordHash: null });
  if (!user) throw new UserError('An account with this email already exists.', { email: ['This email is already taken.'] });
  const link = await createAccessLink(db, { userId: user.id, purpose: 'invite', createdBy: actor?.id });
  await db.insert(auditLog).values({ actorId: actor?.id, action: 'user.invite', target: user.id, details: { email: user.email, roles: user.roles } });
  revalidatePath('/admin/users');
  return { id: user.id, path: `/welcome/${link.token}`, expiresAt: link.expiresAt.toISOString() };
});

/**
 * A new one-time sign-in link for a user (a fresh invitation while they have no password, else
 * a password reset valid 24 hours). Earlier links of theirs stop working.
 */
export const createSignInLink = defineAction(ADMIN, z.object({ userId: z.string().uuid() }), async ({ userId }, actor) => {
  const db = getDb();
  const user = await findUserById(db, userId);
  if (!user) throw new UserError('That user no longer exists.');
  if (user.disabled) throw new UserError('Enable the account first: a disabled account cannot sign in.');
  const purpose: AccessLinkPurpose = user.passwordHash ? 'reset' : 'invite';
  const link = await createAccessLink(db, { userId, purpose, createdBy: actor?.id });
  await db.insert(auditLog).values({ actorId: actor?.id, action: `user.link.${purpose}`, target: userId });
  return { purpose, path: `/welcome/${link.token}`, expiresAt: link.expiresAt.toISOString() };
});

/** Sets a user's roles; an admin cannot drop their own admin role (someone must remain). */
export const setUserRoles = defineAction(ADMIN, z.object({ userId: z.string().uuid(), roles: roleListSchema }), async ({ userId, roles }, actor) => {
  if (userId === actor?.id && !roles.includes('admin')) throw new UserError('You cannot remove your own admin role.');
  const db = getDb();
  const user = await updateUser(db, userId, { roles });
  if (!user) throw new UserError('That user no longer exists.');
  await db.insert(auditLog).values({ actorId: actor?.id, action: 'user.roles', target: userId, details: { roles } });
  revalidatePath('/admin/users');
  return { roles: user.roles };
});

/** Disables (signing the user out everywhere at their next request) or re-enables an account. */
export const setUserDisabled = defineAction(ADMIN, z.object({ userId: z.string().uuid(), disabled: z.boolean() }), async ({ userId, disabled }, actor) => {
  if (userId === actor?.id) throw new UserError('You cannot disable your own account.');
  const db = getDb();
  const user = await setDisabled(db, userId, disabled);
  if (!user) throw new UserError('That user no longer exists.');
  await db.insert(auditLog).values({ actorId: actor?.id, action: disabled ? 'user.disable' : 'user.enable', target: userId });
  revalidatePath('/admin/users');
  return { disabled: user.disabled };
});
