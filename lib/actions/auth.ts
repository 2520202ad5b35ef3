'use server';
import { z } from 'zod';
import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/lib/auth/auth';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { countUsers, insertUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { newAccountSchema } from '@/lib/auth/account-schema';
import { findOpenAccessLink, spendAccessLink } from '@/lib/auth/access-links';
import { defineAction, UserError } from '@/lib/actions/define-action';

const signInSchema = z.object({
  email: z.string().trim().email('Enter the email address of your account.'),
  password: z.string().min(1, 'Enter your password.'),
});

/** Public by nature: it is how a session starts. Rate-limited inside the credentials check. */
export const signInWithPassword = defineAction({ public: 'sign-in form' }, signInSchema, async ({ email, password }) => {
  try {
    await signIn('credentials', { email, password, redirectTo: '/' });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? '';
      const minutes = /^rate_limited:(\d+)$/.exec(code)?.[1];
      throw new UserError(
        minutes
          ? `Too many failed sign-ins from here. Wait ${minutes} minute${minutes === '1' ? '' : 's'}, then try again.`
          : 'Email or password is incorrect.',
      );
    }
    throw err;
  }
});

/** Ends the session; harmless without one. */
export const signOutNow = defineAction({ public: 'sign-out ends whatever session there is' }, z.object({}), async () => {
  await signOut({ redirectTo: '/sign-in' });
});

/**
 * First-run set-up on a fresh database: creates the first admin, then signs them in. Public,
 * but refuses as soon as any user exists (checked under an advisory lock, so two visitors
 * cannot both become the first admin).
 */
export const createFirstAdmin = defineAction({ public: 'first-run set-up; refuses once any user exists' }, newAccountSchema, async (input) => {
  const db = getDb();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    if ((await countUsers(tx as unknown as typeof db)) > 0) throw new UserError('Baton already has an admin. Sign in instead.');
    await insertUser(tx as unknown as typeof db, { email: input.email, name: input.name, passwordHash, roles: ['admin', 'analyst', 'reviewer'] });
  });
  await signIn('credentials', { email: input.email, password: input.password, redirectTo: '/' });
});

/**
 * Chooses a password through a one-time link (an invitation or a reset an admin handed out),
 * then signs in. Public: the link's 256-bit token is the credential, and it works once.
 */
export const setPasswordWithLink = defineAction(
  { public: 'one-time invitation or reset link; the token is the credential' },
  z.object({ token: z.string().min(20).max(100), password: newAccountSchema.shape.password }),
  async ({ token, password }) => {
    const db = getDb();
    const invalid = 'This link is no longer valid: it was used, replaced by a newer one, or expired. Ask your admin for a new link.';
    // A cheap look first, so a made-up token costs no password hash.
    if (!(await findOpenAccessLink(db, token))) throw new UserError(invalid);
    const user = await spendAccessLink(db, token, await hashPassword(password));
    if (!user) throw new UserError(invalid);
    await signIn('credentials', { email: user.email, password, redirectTo: '/' });
  },
);
