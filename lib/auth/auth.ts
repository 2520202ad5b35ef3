import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { closeSession, openSession } from '@/db/queries/users';
import { checkSignIn } from './sign-in-check';
import { clientIp } from './client-ip';
import { log } from '@/lib/log/logger';

/** Carries how long the lock lasts in its code (`rate_limited:<minutes>`), for the form's message. */
class RateLimited extends CredentialsSignin {
  constructor(retryAfterMs: number) {
    super();
    this.code = `rate_limited:${Math.ceil(retryAfterMs / 60_000)}`;
  }
}

/** How long a session lasts at most, however active (the token renews itself while in use). */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;

const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

/**
 * Auth.js v5 with email + password. The JWT carries only the user id: roles and the disabled
 * flag are read from the database on every request (lib/auth/session.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: process.env.AUTH_TRUST_HOST !== 'false',
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (raw, request) => {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await checkSignIn(getDb(), parsed.data.email, parsed.data.password, clientIp(request.headers));
        if (result.ok) return { id: result.userId };
        if (result.reason === 'rate_limited') throw new RateLimited(result.retryAfterMs);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt: async ({ token, user }) => {
      // signedInAt, unlike iat, survives the token's re-issue on refresh: a password change
      // voids sessions that signed in before it. sid names this session's row, which sign-out
      // deletes (lib/auth/session.ts checks both on every request).
      if (user?.id) {
        const sid = await openSession(getDb(), user.id, SESSION_LIFETIME_MS);
        Object.assign(token, { sub: user.id, sid, signedInAt: Math.floor(Date.now() / 1000) });
      }
      return token;
    },
    session: ({ session, token }) => {
      if (token.sub) {
        session.user = {
          ...session.user,
          id: token.sub,
          sid: typeof token.sid === 'string' ? token.sid : undefined,
          signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined,
        } as typeof session.user;
      }
      return session;
    },
  },
  events: {
    // Sign-out ends this session only: a copy of its cookie stops working, other devices stay in.
    signOut: async (message) => {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (typeof sid === 'string') await closeSession(getDb(), sid);
    },
  },
  logger: {
    error: (e) => {
      if (!(e instanceof CredentialsSignin)) log.error('auth error', { error: e.message });
    },
    warn: () => {},
    debug: () => {},
  },
});
