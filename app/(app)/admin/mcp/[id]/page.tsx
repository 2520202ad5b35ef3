import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { findMcpServer, listMcpServerTools } from '@/db/queries/mcp';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { HealthBadge } from '@/components/admin/mcp/health-badge';
import { McpToolsTable } from '@/components/admin/mcp/tools-table';
import { RefreshServerButton } from '@/components/admin/mcp/refresh-button';
import { EmptyState } from '@/components/ui/empty-state';

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export default async function McpServerPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(SECTIONS.mcp.roles);
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const db = getDb();
  const server = await findMcpServer(db, id);
  if (!server) notFound();
  const tools = await listMcpServerTools(db, id);
  const target = server.transport === 'http' ? server.url : [server.command, ...server.args].join(' ');
  return (
    <section className="flex flex-col gap-6">
      <Link href="/admin/mcp" className="text-sm text-brand-600 hover:underline">← MCP servers</Link>
      <div className="flex items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold">{server.name}</h1>
          <p className="text-sm text-slate-600">
            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase">{server.transport}</span>
            <code className="break-all text-xs">{target}</code>
          </p>
          <div className="flex items-center gap-2 text-sm">
            <HealthBadge status={server.status} enabled={server.enabled} />
            {server.checkedAt ? <span className="text-xs text-slate-500">checked {utcMinute(server.checkedAt)}</span> : null}
          </div>
          {server.lastError ? <p role="status" data-testid="mcp.lastError" className="max-w-2xl rounded-md bg-red-50 p-2 text-sm text-red-700">Last error: {server.lastError}</p> : null}
        </div>
        <RefreshServerButton serverId={server.id} disabled={!server.enabled} />
      </div>
      {tools.length === 0 ? (
        <EmptyState title="No tools listed">Test / refresh connects to the server and lists its tools.</EmptyState>
      ) : (
        <McpToolsTable serverId={server.id} tools={tools.map((t) => ({ name: t.name, title: t.title, description: t.description, exposed: t.exposed, inputSchema: t.inputSchema, outputSchema: t.outputSchema }))} />
      )}
    </section>
  );
}
