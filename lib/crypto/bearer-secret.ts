import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to a person once (API tokens, one-time sign-in links): random enough that a
 * fast hash is safe to store, and only that hash is kept, so a database leak reveals none.
 */
export const newBearerSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const hashBearerSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
