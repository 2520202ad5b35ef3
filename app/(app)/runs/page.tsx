import { getDb } from '@/db/client';
import { listRecentRuns } from '@/db/queries/runs';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { EmptyState } from '@/components/ui/empty-state';
import Link from 'next/link';
import { Table, Td } from '@/components/ui/table';

export default async function RunsPage() {
  await requirePageRole(SECTIONS.runs.roles);
  const rows = await listRecentRuns(getDb());
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Runs</h1>
      {rows.length === 0 ? (
        <EmptyState title="No runs yet">Runs of every flow, test and production, appear here as they start.</EmptyState>
      ) : (
        <Table label="Runs" head={['Flow', 'Status', 'Trigger', 'Started', 'Duration']}>
          {rows.map((r) => (
            <tr key={r.id}>
              <Td><Link className="text-brand-700 hover:underline" href={`/runs/${r.id}`}>{r.flowName}</Link>{r.isTest ? ' (test)' : ''}</Td>
              <Td>{r.status}</Td>
              <Td>{r.triggerKind}</Td>
              <Td>{r.startedAt.toISOString().slice(0, 19).replace('T', ' ')}</Td>
              <Td>{r.finishedAt ? `${r.finishedAt.getTime() - r.startedAt.getTime()} ms` : '…'}</Td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
