'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { insertUser, updateUser } from '@/db/queries/users';
import { auditLog } from '@/db/schema';
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

/** Disables or re-enables an account; takes effect at the user's next request. */
export const setUserDisabled = defineAction(ADMIN, z.object({ userId: z.string().uuid(), disabled: z.boolean() }), async ({ userId, disabled }, actor) => {
  if (userId === actor?.id) throw new UserError('You cannot disable your own account.');
  const db = getDb();
  const user = await updateUser(db, userId, { disabled });
  if (!user) throw new UserError('That user no longer exists.');
  await db.insert(auditLog).values({ actorId: actor?.id, action: disabled ? 'user.disable' : 'user.enable', target: userId });
  revalidatePath('/admin/users');
  return { disabled: user.disabled };
});
