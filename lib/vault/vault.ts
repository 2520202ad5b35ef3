import 'server-only';
import type { Db } from '@/db/client';
import {
  deleteCredentialRow,
  findCredentialRow,
  hasCredentialGrant,
  insertCredential,
  listCredentials,
  renameCredentialRow,
  replaceCredentialGrants,
  updateCredentialSecret,
} from '@/db/queries/credentials';
import type { Audit } from '@/lib/audit/with-audit';
import { seal, unseal } from '@/lib/crypto/secret-box';
import { CredentialError } from './errors';
import { hintOf } from './hint';
import { credentialSecretSchema } from './secret-schema';
import type { CredentialKind, CredentialSecret, CredentialSubject, CredentialSummary, Vault } from './types';

/*
 * Every change takes the transaction and the audit recorder of the caller's change() (the action
 * helper's), so a credential never changes without its audit row. Audit details name the
 * credential and its kind, never the secret or its hint.
 */

const taken = (name: string) => new CredentialError('name-taken', `A credential named "${name}" already exists.`);
const gone = () => new CredentialError('not-found', 'That credential no longer exists.');

/** Seals a new credential; throws CredentialError 'name-taken'. */
export async function createCredential(tx: Db, audit: Audit, input: { name: string; secret: CredentialSecret; createdBy: string | null }): Promise<{ id: string }> {
  const row = await insertCredential(tx, {
    name: input.name,
    kind: input.secret.kind,
    ciphertext: seal(JSON.stringify(input.secret)),
    hint: hintOf(input.secret),
    createdBy: input.createdBy,
  });
  if (!row) throw taken(input.name);
  audit({ action: 'credential.create', target: row.id, details: { name: input.name, kind: input.secret.kind } });
  return { id: row.id };
}

/**
 * Replaces a credential's secret (possibly with another kind); its name and grants stay. OAuth2
 * tokens cached under the old secret are not reused: the cache is keyed by the secret.
 */
export async function replaceCredentialSecret(tx: Db, audit: Audit, id: string, secret: CredentialSecret): Promise<void> {
  const row = await updateCredentialSecret(tx, id, { kind: secret.kind, ciphertext: seal(JSON.stringify(secret)), hint: hintOf(secret) });
  if (!row) throw gone();
  audit({ action: 'credential.replace', target: id, details: { name: row.name, kind: secret.kind } });
}

export async function renameCredential(tx: Db, audit: Audit, id: string, name: string): Promise<void> {
  const res = await renameCredentialRow(tx, id, name);
  if (res === 'taken') throw taken(name);
  if (!res) throw gone();
  audit({ action: 'credential.rename', target: id, details: { name } });
}

/** Deletes a credential and its grants; the tools that referenced it fail with 'not-found' until changed. */
export async function deleteCredential(tx: Db, audit: Audit, id: string): Promise<void> {
  const row = await deleteCredentialRow(tx, id);
  if (!row) throw gone();
  audit({ action: 'credential.delete', target: id, details: { name: row.name } });
}

/** Sets exactly which subjects may use the credential (an empty list: nobody). */
export async function setCredentialGrants(tx: Db, audit: Audit, id: string, subjects: readonly CredentialSubject[]): Promise<void> {
  if (!(await findCredentialRow(tx, id))) throw gone();
  const unique = [...new Map(subjects.map((s) => [`${s.kind}:${s.id}`, s])).values()];
  await replaceCredentialGrants(tx, id, unique);
  audit({ action: 'credential.grants', target: id, details: { grants: unique.map(({ kind, id }) => ({ kind, id })) } });
}

/** Every credential as the admin page and APIs may show it: name, kind, hint, grants, never the secret. */
export async function listCredentialSummaries(db: Db): Promise<CredentialSummary[]> {
  return (await listCredentials(db)).map((c) => ({
    id: c.id,
    name: c.name,
    // Only this module writes the column, always from a validated secret.
    kind: c.kind as CredentialKind,
    hint: c.hint,
    grants: c.grants,
    updatedAt: c.updatedAt.toISOString(),
  }));
}

/**
 * The vault over a database: `reveal` unseals a credential only for a subject it is granted to,
 * on the server, for the caller to put on the wire. Throws CredentialError: 'not-found',
 * 'not-granted', or 'unreadable' (ENCRYPTION_KEY changed, or a stored value that no longer parses).
 */
export function createVault(db: Db): Vault {
  return {
    reveal: async (credentialId, subject) => {
      const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(credentialId);
      const row = uuidLike ? await findCredentialRow(db, credentialId) : undefined;
      if (!row) throw new CredentialError('not-found', `Credential ${credentialId} does not exist (was it deleted?). Choose another one in the ${subject.kind.replace('_', ' ')}'s settings.`);
      if (!(await hasCredentialGrant(db, credentialId, subject))) {
        throw new CredentialError('not-granted', `Credential "${row.name}" is not granted to ${subject.kind.replace('_', ' ')} ${subject.id}. An admin can grant it under Admin → Credentials.`);
      }
      return unsealSecret(row.name, row.ciphertext);
    },
  };
}

function unsealSecret(name: string, ciphertext: string): CredentialSecret {
  let json: unknown;
  try {
    json = JSON.parse(unseal(ciphertext));
  } catch {
    // The decryption error says nothing useful to a user and nothing secret; the key is the usual cause.
    throw new CredentialError('unreadable', `Credential "${name}" cannot be decrypted: was ENCRYPTION_KEY changed since it was saved? Replace its secret under Admin → Credentials.`);
  }
  const parsed = credentialSecretSchema.safeParse(json);
  if (!parsed.success) throw new CredentialError('unreadable', `Credential "${name}" holds a value this version cannot read. Replace its secret under Admin → Credentials.`);
  return parsed.data;
}
