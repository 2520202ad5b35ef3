import 'server-only';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Db, Sql } from '@/db/client';
import { findModelPrice } from '@/db/queries/models';
import { setSubjectCredential } from '@/db/queries/credentials';
import { createVault, listCredentialSummaries } from '@/lib/vault/vault';
import * as schema from '@/db/schema';
import { allowListFromEnv, type AllowList } from '@/lib/net/allow-list';
import type { ModelPort } from '@/lib/steps/runtime';
import { modelPortFromDb, modelQuoteFromDb, vaultSecrets } from './db-port';
import type { PriceLookup, ProviderSecretResolver } from './types';

/**
 * The one place the installation's model wiring is chosen: a provider's key is revealed by the
 * vault, and only through the provider's own grant ({kind: 'model_provider', id}).
 */
export const providerSecrets = (db: Db): ProviderSecretResolver => vaultSecrets(createVault(db));

/** The vault's credentials the Admin → Models form offers (name and kind, never a secret). */
export const credentialChoices = async (db: Db) => (await listCredentialSummaries(db)).map(({ id, name, kind }) => ({ id, name, kind }));

/**
 * Choosing a credential on a provider grants it to that provider alone, and takes back the grant
 * of the credential it used before; clearing the choice takes back every grant it held.
 */
export const grantProviderCredential = (tx: Db, providerId: string, credentialId: string | null) =>
  setSubjectCredential(tx, { kind: 'model_provider', id: providerId }, credentialId);

/** What admin checks (test connection, fetch models) need, from the process's environment. */
export const adminCheckDeps = (db: Db): { secret: ProviderSecretResolver; price: PriceLookup; allow: ReturnType<typeof allowListFromEnv> } => ({
  secret: providerSecrets(db),
  price: (providerId, model) => findModelPrice(db, providerId, model),
  allow: allowListFromEnv(),
});

/**
 * The installation's ModelPort for the engine: providers and prices from Postgres (read per
 * call), keys through `providerSecrets`, every call through the outbound guard with `allow`.
 */
export function defaultModelPort(sql: Sql, allow: AllowList): ModelPort {
  const db = drizzle(sql, { schema }) as Db;
  return modelPortFromDb(db, { allow, secret: providerSecrets(db) });
}

/** What a request will cost at most, for the attempt's budget hold (lib/budgets/metered-model). */
export function defaultModelQuote(sql: Sql) {
  return modelQuoteFromDb(drizzle(sql, { schema }) as Db);
}
