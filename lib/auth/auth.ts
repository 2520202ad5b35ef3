import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { checkSignIn } from './sign-in-check';
import { clientIp } from './client-ip';
import { log } from '@/lib/log/logger';

class RateLimited extends CredentialsSignin {
  code = 'rate_limited';
}

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
        if (result.reason === 'rate_limited') throw new RateLimited();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => {
      // signedInAt, unlike iat, survives the token's re-issue on refresh: a password change
      // voids sessions that signed in before it (lib/auth/session.ts).
      if (user?.id) Object.assign(token, { sub: user.id, signedInAt: Math.floor(Date.now() / 1000) });
      return token;
    },
    session: ({ session, token }) => {
      if (token.sub) session.user = { ...session.user, id: token.sub, signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined } as typeof session.user;
      return session;
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
