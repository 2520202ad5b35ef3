import Link from 'next/link';
import { getDb } from '@/db/client';
import { listFlows } from '@/db/queries/flows';
import { requirePageRole, hasRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { loadRunListPage, parseRunFilters, RUN_STATUS_FILTERS, RUN_TRIGGER_FILTERS, type RunSearch } from '@/lib/runs/run-list';
import { RunsTable } from '@/components/runs/runs-table';

export default async function RunsPage({ searchParams }: { searchParams: Promise<RunSearch> }) {
  const user = await requirePageRole(SECTIONS.runs.roles);
  const s = await searchParams;
  const filters = parseRunFilters(s);
  const [page, flows] = await Promise.all([loadRunListPage(s), listFlows(getDb())]);
  // The table polls /api/runs with the same query string, so it stays live under any filter.
  const query = new URLSearchParams(Object.entries(s).filter(([, v]) => typeof v === 'string' && v) as [string, string][]).toString();
  const next = page.nextCursor ? `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(s).filter(([k, v]) => k !== 'cursor' && typeof v === 'string' && v)), cursor: page.nextCursor })}` : null;
  const sel = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Runs</h1>
      <form method="get" aria-label="Filter runs" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">Status<select name="status" defaultValue={filters.status ?? ''} className={sel}><option value="">any</option>{RUN_STATUS_FILTERS.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Flow<select name="flow" defaultValue={filters.flowId ?? ''} className={sel}><option value="">any</option>{flows.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}</select></label>
        <label className="flex flex-col">Trigger<select name="trigger" defaultValue={filters.trigger ?? ''} className={sel}><option value="">any</option>{RUN_TRIGGER_FILTERS.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Kind<select name="kind" defaultValue={s.kind ?? ''} className={sel}><option value="">test and production</option><option value="test">test</option><option value="production">production</option></select></label>
        <label className="flex flex-col">From<input type="date" name="from" defaultValue={s.from ?? ''} className={sel} /></label>
        <label className="flex flex-col">To<input type="date" name="to" defaultValue={s.to ?? ''} className={sel} /></label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-white">Filter</button>
        <Link href="/runs" className="text-brand-600 hover:underline">Clear</Link>
      </form>
      <RunsTable canDelete={hasRole(user, ['admin', 'analyst'])} query={query} initial={page} />
      {next ? <Link className="self-start text-brand-600 hover:underline" href={`/runs${next}`}>Older runs →</Link> : null}
    </section>
  );
}
