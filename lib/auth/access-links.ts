import 'server-only';
import type { Db } from '@/db/client';
import type { AccessLinkPurpose } from '@/db/schema';
import { createAccessLinkByHash, findOpenAccessLinkByHash, spendAccessLinkByHash } from '@/db/queries/access-links';
import { hashBearerSecret, newBearerSecret } from '@/lib/crypto/bearer-secret';

export { ACCESS_LINK_TTL_MS } from '@/db/queries/access-links';

/**
 * One-time sign-in links (invitations, password resets): the token is made here and handed to
 * the admin once; the database keeps only its hash (db/queries/access-links).
 */
export async function createAccessLink(db: Db, opts: { userId: string; purpose: AccessLinkPurpose; createdBy?: string; now?: Date }) {
  const token = newBearerSecret();
  const { expiresAt } = await createAccessLinkByHash(db, { ...opts, tokenHash: hashBearerSecret(token) });
  return { token, expiresAt };
}

/** The user a link is for, while it is unused, unexpired and the account enabled. */
export const findOpenAccessLink = (db: Db, token: string, now?: Date) => findOpenAccessLinkByHash(db, hashBearerSecret(token), now);

/** Sets the password through a link, once (see spendAccessLinkByHash). */
export const spendAccessLink = (db: Db, token: string, passwordHash: string, now?: Date) =>
  spendAccessLinkByHash(db, hashBearerSecret(token), passwordHash, now);
