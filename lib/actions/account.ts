'use server';
import { z } from 'zod';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { setPassword } from '@/db/queries/users';
import { signIn } from '@/lib/auth/auth';
import { hashPassword } from '@/lib/auth/password';
import { newAccountSchema } from '@/lib/auth/account-schema';
import { checkSignIn } from '@/lib/auth/sign-in-check';
import { clientIp } from '@/lib/auth/client-ip';
import { defineAction, UserError } from '@/lib/actions/define-action';

const ANY = { roles: ['admin', 'analyst', 'reviewer'] } as const;

/**
 * Changes one's own password. The current password is checked like a sign-in (failures count
 * toward the same rate limit, so this form cannot be used to guess); every other session of
 * the account ends, and this browser gets a fresh one.
 */
export const changePassword = defineAction(
  ANY,
  z.object({ current: z.string().min(1, 'Enter your current password.'), password: newAccountSchema.shape.password }),
  async ({ current, password }, me, { change }) => {
    const db = getDb();
    const check = await checkSignIn(db, me!.email, current, clientIp(await headers()));
    if (!check.ok) {
      if (check.reason === 'rate_limited') throw new UserError('Too many failed attempts for this account or address. Wait 15 minutes, then try again.');
      throw new UserError('That is not your current password.', { current: ['That is not your current password.'] });
    }
    const passwordHash = await hashPassword(password);
    await change(async (tx, audit) => {
      await setPassword(tx, me!.id, passwordHash);
      audit({ action: 'user.password', target: me!.id });
    });
    await signIn('credentials', { email: me!.email, password, redirectTo: '/settings/account?changed=1' });
  },
);
