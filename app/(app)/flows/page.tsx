import { getDb } from '@/db/client';
import { listFlows } from '@/db/queries/flows';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td } from '@/components/ui/table';

export default async function FlowsPage() {
  await requirePageRole(SECTIONS.flows.roles);
  const rows = await listFlows(getDb());
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Flows</h1>
      {rows.length === 0 ? (
        <EmptyState title="No flows yet">Flows you build or import appear here.</EmptyState>
      ) : (
        <Table label="Flows" head={['Name', 'Tags', 'State', 'Updated']}>
          {rows.map((f) => (
            <tr key={f.id}>
              <Td>{f.name}</Td>
              <Td>{f.tags.join(', ')}</Td>
              <Td>{f.active ? 'Active' : 'Inactive'}</Td>
              <Td>{f.updatedAt.toISOString().slice(0, 16).replace('T', ' ')}</Td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
