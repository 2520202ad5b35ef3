import 'server-only';
import type { Db } from '@/db/client';
import { listGrantableTools } from '@/db/queries/credentials';
import type { CredentialSubject } from './types';

export type GrantableSubject = CredentialSubject & { name: string };

/**
 * Everything a credential can be granted to today, by kind then name. Registry tools only for
 * now: model providers and MCP servers join this list when their tables exist (add them here,
 * and the admin page and the grants action follow).
 */
export async function listGrantableSubjects(db: Db): Promise<GrantableSubject[]> {
  const tools = await listGrantableTools(db);
  return tools.map((t) => ({ kind: 'tool' as const, id: t.id, name: t.name }));
}
