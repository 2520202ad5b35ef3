import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiTokens, users, type ApiScope, type User } from '@/db/schema';
import { hashBearerSecret as hash, newBearerSecret } from '@/lib/crypto/bearer-secret';


/** Creates a token for a user; the plain token is returned once and never stored. */
export async function createApiToken(db: Db, userId: string, name: string, scopes: ApiScope[]) {
  const token = `btn_${newBearerSecret(24)}`;
  const [row] = await db.insert(apiTokens).values({ userId, name, scopes, tokenHash: hash(token), prefix: token.slice(0, 10) }).returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function listApiTokens(db: Db, userId: string) {
  return db.select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(apiTokens.createdAt);
}

/** The user and scopes behind a bearer token, if it is live and its user is enabled. */
export async function resolveApiToken(db: Db, token: string): Promise<{ user: User; scopes: ApiScope[] } | null> {
  const [row] = await db
    .select({ user: users, scopes: apiTokens.scopes, id: apiTokens.id })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash(token)), isNull(apiTokens.revokedAt)));
  if (!row || row.user.disabled) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  return { user: row.user, scopes: row.scopes };
}
