import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { findUserById, sessionIsOpen } from '@/db/queries/users';
import type { Role, User } from '@/db/schema';
import { auth } from './auth';
import { sessionStillValid } from './session-valid';

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'roles'>;

/**
 * The signed-in user, read from the database on each request, so a role change, a disabled
 * flag, a password change (which voids older sessions) or a sign-out (which closes this
 * session's row) takes effect at the next request rather than at token expiry.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const { sid, signedInAt } = (session?.user ?? {}) as { sid?: string; signedInAt?: number };
  if (!id || !sid) return null;
  const [user, open] = await Promise.all([findUserById(getDb(), id), sessionIsOpen(getDb(), sid, id)]);
  if (!user || user.disabled || !open) return null;
  if (!sessionStillValid(signedInAt, user.sessionsValidFrom)) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
});

export const hasRole = (user: SessionUser, roles: readonly Role[]) => roles.some((r) => user.roles.includes(r));

export class AuthzError extends Error {
  constructor(readonly status: 401 | 403) {
    super(status === 401 ? 'Sign in to continue.' : 'Your role does not allow this.');
  }
}

/** For actions and routes: the user if they hold one of the roles, else an AuthzError (401/403). */
export async function requireRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AuthzError(401);
  if (!hasRole(user, roles)) throw new AuthzError(403);
  return user;
}

/** For pages: redirects to sign-in when signed out, to the forbidden page on a missing role. */
export async function requirePageRole(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  if (!hasRole(user, roles)) redirect('/forbidden');
  return user;
}
