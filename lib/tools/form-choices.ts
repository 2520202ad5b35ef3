import 'server-only';
import type { Db } from '@/db/client';
import { listCredentials } from '@/db/queries/credentials';
import { BUILTIN_TOOLS } from './builtins';

/**
 * What the Admin → Tools form offers: the built-in tools (without their code) and every vault
 * credential by name and kind (never a secret or hint). Choosing a credential grants it to the
 * tool on save, so an admin does not have to visit Admin → Credentials first.
 */
export async function toolFormChoices(db: Db) {
  const builtins = BUILTIN_TOOLS.map(({ key, name, category, description }) => ({ key, name, category, description }));
  const credentials = (await listCredentials(db)).map(({ id, name, kind }) => ({ id, name, kind }));
  return { builtins, credentials };
}
