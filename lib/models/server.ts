import 'server-only';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Db, Sql } from '@/db/client';
import { findModelPrice, listCredentialChoices } from '@/db/queries/models';
import * as schema from '@/db/schema';
import { allowListFromEnv, type AllowList } from '@/lib/net/allow-list';
import type { ModelPort } from '@/lib/steps/runtime';
import { modelPortFromDb, modelQuoteFromDb, secretsBeforeVault } from './db-port';
import type { PriceLookup, ProviderSecretResolver } from './types';

/**
 * The one place the installation's model wiring is chosen: how a provider's key is revealed and
 * which credentials the Admin → Models form offers. When lib/vault is merged, these become
 * `vaultSecrets(vault)` and the vault's credential listing; nothing else changes.
 */
export const providerSecrets: ProviderSecretResolver = secretsBeforeVault;
export const credentialChoices = (db: Db) => listCredentialChoices(db);

/** What admin checks (test connection, fetch models) need, from the process's environment. */
export const adminCheckDeps = (db: Db): { secret: ProviderSecretResolver; price: PriceLookup; allow: ReturnType<typeof allowListFromEnv> } => ({
  secret: providerSecrets,
  price: (providerId, model) => findModelPrice(db, providerId, model),
  allow: allowListFromEnv(),
});

/**
 * The installation's ModelPort for the engine: providers and prices from Postgres (read per
 * call), keys through `providerSecrets`, every call through the outbound guard with `allow`.
 */
export function defaultModelPort(sql: Sql, allow: AllowList): ModelPort {
  return modelPortFromDb(drizzle(sql, { schema }) as Db, { allow, secret: providerSecrets });
}

/** What a request will cost at most, for the attempt's budget hold (lib/budgets/metered-model). */
export function defaultModelQuote(sql: Sql) {
  return modelQuoteFromDb(drizzle(sql, { schema }) as Db);
}
