import { handlers } from '@/lib/auth/auth';

/** Auth.js endpoints (sign-in callback, session, CSRF): outside the session check by nature. */
export const access = { public: 'Auth.js sign-in endpoints' };
export const { GET, POST } = handlers;
