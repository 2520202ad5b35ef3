import { getDb } from '@/db/client';
import { listCredentials } from '@/db/queries/credentials';
import { countMcpServerTools, listMcpServers } from '@/db/queries/mcp';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { StdioAllowListError, stdioAllowListFromEnv } from '@/lib/mcp/stdio-allow';
import { McpServersTable } from '@/components/admin/mcp/servers-table';
import { AddMcpServerButton } from '@/components/admin/mcp/add-server-dialog';
import { EmptyState } from '@/components/ui/empty-state';

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The allow-list as the add form offers it, or why it cannot (a bad setting is shown, not thrown). */
function stdioChoices(): { entries: string[]; problem: string | null } {
  try {
    return { entries: stdioAllowListFromEnv().map((e) => e.text), problem: null };
  } catch (err) {
    if (err instanceof StdioAllowListError) return { entries: [], problem: err.message };
    throw err;
  }
}

export default async function McpServersPage() {
  await requirePageRole(SECTIONS.mcp.roles);
  const db = getDb();
  const [servers, counts, credentials] = await Promise.all([listMcpServers(db), countMcpServerTools(db), listCredentials(db)]);
  const stdio = stdioChoices();
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">MCP servers</h1>
        <AddMcpServerButton stdioEntries={stdio.entries} credentials={credentials.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))} />
      </div>
      {stdio.problem ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{stdio.problem}</p> : null}
      {servers.length === 0 ? (
        <EmptyState title="No MCP servers yet">Add a server by its streamable HTTP URL, or run one of the commands listed in BATON_MCP_STDIO_ALLOW.</EmptyState>
      ) : (
        <McpServersTable
          servers={servers.map((s) => ({
            id: s.id,
            name: s.name,
            transport: s.transport,
            target: s.transport === 'http' ? (s.url ?? '') : [s.command, ...s.args].join(' '),
            enabled: s.enabled,
            status: s.status,
            lastError: s.lastError,
            checkedAt: s.checkedAt ? utcMinute(s.checkedAt) : null,
            tools: counts.get(s.id) ?? { total: 0, exposed: 0 },
          }))}
        />
      )}
    </section>
  );
}
