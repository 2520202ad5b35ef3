import Link from 'next/link';
import { getSql } from '@/db/client';
import { listTools } from '@/db/queries/tools';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { Table, Td } from '@/components/ui/table';
import { ToolStatsSummary } from '@/components/admin/tool-stats';

export default async function ToolsPage() {
  await requirePageRole(SECTIONS.tools.roles);
  const tools = await listTools(getSql());
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Tools</h1>
        <Link href="/admin/tools/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Register a tool</Link>
      </div>
      {tools.length ? (
        <Table label="Tools" head={['Name', 'Category', 'Kind', 'Version', 'Approval', 'State', 'Last 7 days']}>
          {tools.map((t) => (
            <tr key={t.id}>
              <Td><Link href={`/admin/tools/${t.id}`} className="font-medium text-brand-700 hover:underline">{t.name}</Link><p className="text-xs text-slate-500">{t.description}</p></Td>
              <Td>{t.category}</Td>
              <Td>{t.kind}</Td>
              <Td>v{t.latestVersion}</Td>
              <Td>{t.approval}</Td>
              <Td>{t.enabled ? 'enabled' : 'disabled'}</Td>
              <Td><ToolStatsSummary toolId={t.id} /></Td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="text-sm text-slate-600">No tools yet. Register an HTTP API as a tool, and analysts can place it in their flows.</p>
      )}
    </section>
  );
}
