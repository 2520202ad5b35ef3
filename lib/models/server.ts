import 'server-only';
import type { Db } from '@/db/client';
import { findModelPrice, listCredentialChoices } from '@/db/queries/models';
import { allowListFromEnv } from '@/lib/net/allow-list';
import { secretsBeforeVault } from './db-port';
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
