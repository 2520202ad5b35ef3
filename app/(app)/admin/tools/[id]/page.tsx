import { notFound } from 'next/navigation';
import { getDb, getSql } from '@/db/client';
import { getTool, listToolVersions } from '@/db/queries/tools';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { toolFormChoices } from '@/lib/tools/form-choices';
import { ToolForm } from '@/components/admin/tool-form';
import { ToolConsole } from '@/components/admin/tool-console';
import { ToolGovernance } from '@/components/admin/tool-governance';
import { ToolStatsPanel } from '@/components/admin/tool-stats';

export default async function ToolPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole(SECTIONS.tools.roles);
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const tool = await getTool(getSql(), id);
  if (!tool) notFound();
  const versions = await listToolVersions(getSql(), id);
  const latest = versions[0]!;
  const choices = await toolFormChoices(getDb());
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{tool.name}</h1>
          <p className="text-sm text-slate-600">{tool.kind} tool · v{tool.latestVersion} · {tool.enabled ? 'enabled' : 'disabled'} · approval {tool.approval}</p>
        </div>
        <ToolGovernance toolId={tool.id} enabled={tool.enabled} />
      </div>
      <ToolStatsPanel toolId={tool.id} />
      <ToolConsole toolId={tool.id} version={latest.version} inputSchema={latest.inputSchema} />
      {tool.kind === 'mcp' ? (
        // Its contracts are the server's: a new version comes from the server's tool list, not an edit here.
        <p className="text-sm text-slate-600">This tool is exposed by an MCP server: manage it under Admin → MCP servers.</p>
      ) : (
        <details>
        <summary className="cursor-pointer text-sm font-medium">Edit (saves a new version)</summary>
        <div className="pt-4">
          <ToolForm
            toolId={tool.id}
            {...choices}
            initial={{ name: tool.name, description: tool.description, category: tool.category, kind: tool.kind, accessRoles: tool.accessRoles, approval: tool.approval, inputSchema: latest.inputSchema, outputSchema: latest.outputSchema, timeoutMs: latest.timeoutMs, config: latest.config as Record<string, unknown> }}
          />
        </div>
      </details>
      )}
      <div>
        <h2 className="text-lg font-semibold">Versions</h2>
        <ul className="text-sm">
          {versions.map((v) => <li key={v.version}>v{v.version} · {new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</li>)}
        </ul>
      </div>
    </section>
  );
}
