import Link from 'next/link';
import { getDb } from '@/db/client';
import { listRuns } from '@/db/queries/runs';
import { listFlows } from '@/db/queries/flows';
import { requirePageRole, hasRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { EmptyState } from '@/components/ui/empty-state';
import { RunsTable } from '@/components/runs/runs-table';

type Search = { status?: string; flow?: string; trigger?: string; kind?: string; from?: string; to?: string; cursor?: string };
const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const uuid = /^[0-9a-f-]{36}$/;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageRole(SECTIONS.runs.roles);
  const s = await searchParams;
  const date = (v?: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  const filters = {
    status: STATUSES.includes(s.status ?? '') ? s.status : undefined,
    flowId: uuid.test(s.flow ?? '') ? s.flow : undefined,
    trigger: ['webhook', 'manual', 'schedule', 'api'].includes(s.trigger ?? '') ? s.trigger : undefined,
    test: s.kind === 'test' ? true : s.kind === 'production' ? false : undefined,
    from: date(s.from),
    to: date(s.to),
  };
  const [page, flows] = await Promise.all([listRuns(getDb(), filters, s.cursor, 50), listFlows(getDb())]);
  const next = page.nextCursor ? `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(s).filter(([k, v]) => k !== 'cursor' && v)), cursor: page.nextCursor })}` : null;
  const sel = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Runs</h1>
      <form method="get" aria-label="Filter runs" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">Status<select name="status" defaultValue={filters.status ?? ''} className={sel}><option value="">any</option>{STATUSES.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Flow<select name="flow" defaultValue={filters.flowId ?? ''} className={sel}><option value="">any</option>{flows.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}</select></label>
        <label className="flex flex-col">Trigger<select name="trigger" defaultValue={filters.trigger ?? ''} className={sel}><option value="">any</option>{['webhook', 'manual', 'schedule', 'api'].map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Kind<select name="kind" defaultValue={s.kind ?? ''} className={sel}><option value="">test and production</option><option value="test">test</option><option value="production">production</option></select></label>
        <label className="flex flex-col">From<input type="date" name="from" defaultValue={s.from ?? ''} className={sel} /></label>
        <label className="flex flex-col">To<input type="date" name="to" defaultValue={s.to ?? ''} className={sel} /></label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-white">Filter</button>
        <Link href="/runs" className="text-brand-600 hover:underline">Clear</Link>
      </form>
      {page.runs.length === 0 ? (
        <EmptyState title="No runs match">Runs of every flow, test and production, appear here as they start.</EmptyState>
      ) : (
        <RunsTable canDelete={hasRole(user, ['admin', 'analyst'])} rows={page.runs.map((r) => ({ id: r.id, flowName: r.flowName, status: r.status, isTest: r.isTest, triggerKind: r.triggerKind, startedAt: new Date(r.startedAt).toISOString(), durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null }))} />
      )}
      {next ? <Link className="self-start text-brand-600 hover:underline" href={`/runs${next}`}>Older runs →</Link> : null}
    </section>
  );
}
