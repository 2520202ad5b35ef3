import 'server-only';
import type { Db } from '@/db/client';
import { listGrantableTools } from '@/db/queries/credentials';
import { listMcpServers } from '@/db/queries/mcp';
import { listModelProviders } from '@/db/queries/models';
import type { CredentialSubject } from './types';

export type GrantableSubject = CredentialSubject & { name: string };

/**
 * Everything a credential can be granted to, by kind then name: registry tools, model providers
 * and MCP servers (the admin page and the grants action follow this list).
 */
export async function listGrantableSubjects(db: Db): Promise<GrantableSubject[]> {
  const [tools, providers, servers] = await Promise.all([listGrantableTools(db), listModelProviders(db), listMcpServers(db)]);
  return [
    ...tools.map((t) => ({ kind: 'tool' as const, id: t.id, name: t.name })),
    ...providers.map((p) => ({ kind: 'model_provider' as const, id: p.id, name: p.name })),
    ...servers.map((s) => ({ kind: 'mcp_server' as const, id: s.id, name: s.name })),
  ];
}
