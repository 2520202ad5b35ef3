import { getDb } from '@/db/client';
import { listFlows } from '@/db/queries/flows';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { FlowsTable } from '@/components/flows/flows-table';
import { NewFlowButtons } from '@/components/flows/new-flow-buttons';

export default async function FlowsPage() {
  await requirePageRole(SECTIONS.flows.roles);
  const rows = await listFlows(getDb());
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Flows</h1>
        <NewFlowButtons />
      </div>
      <FlowsTable rows={rows.map((r) => ({ id: r.id, name: r.name, tags: r.tags, active: r.active, updatedAt: r.updatedAt.toISOString(), lastRunStatus: r.lastRunStatus }))} />
    </section>
  );
}
