import Link from 'next/link';
import { getDb, getDbHandle } from '@/db/client';
import { listFlows } from '@/db/queries/flows';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { AGES, ASSIGNED, KINDS, PRIORITIES, TASK_STATUSES, parseInboxFilters } from '@/lib/inbox/filters';
import { listInbox } from '@/lib/inbox/queue';
import { InboxTable } from '@/components/inbox/inbox-table';

type Search = Record<string, string | string[] | undefined>;

/** The reviewers' queue across every flow: filters in the query string, the table live. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageRole(SECTIONS.inbox.roles);
  const s = await searchParams;
  const f = parseInboxFilters(s);
  const [items, flows] = await Promise.all([listInbox(getDbHandle().sql, f, user), listFlows(getDb())]);
  const query = new URLSearchParams(Object.entries(s).filter(([, v]) => typeof v === 'string' && v) as [string, string][]).toString();
  const sel = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Inbox</h1>
        <p className="text-sm text-slate-500">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>x</kbd> select, <kbd>a</kbd> approve, <kbd>r</kbd> reject
        </p>
      </div>
      <form method="get" aria-label="Filter tasks" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">Status<select name="status" defaultValue={f.status} className={sel}>{TASK_STATUSES.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Assigned<select name="assigned" defaultValue={f.assigned} className={sel}>{ASSIGNED.map((x) => <option key={x} value={x}>{x === 'anyone' ? 'to anyone' : x === 'me' ? 'to me' : x === 'my-role' ? 'to my role' : 'unassigned'}</option>)}</select></label>
        <label className="flex flex-col">Flow<select name="flow" defaultValue={f.flow ?? ''} className={sel}><option value="">any</option>{flows.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
        <label className="flex flex-col">Kind<select name="kind" defaultValue={f.kind ?? ''} className={sel}><option value="">any</option>{KINDS.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Priority<select name="priority" defaultValue={f.priority ?? ''} className={sel}><option value="">any</option>{PRIORITIES.map((x) => <option key={x}>{x}</option>)}</select></label>
        <label className="flex flex-col">Older than<select name="age" defaultValue={f.age} className={sel}>{AGES.map((x) => <option key={x} value={x}>{x === 'any' ? 'any age' : x}</option>)}</select></label>
        <label className="flex flex-col">Reason<input name="reason" defaultValue={f.reason ?? ''} placeholder="e.g. confidence" className={sel} /></label>
        <label className="flex flex-col">Search<input type="search" name="q" defaultValue={f.q ?? ''} placeholder="flow, step, reason, run id" className={sel} /></label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-white">Filter</button>
        <Link href="/inbox" className="text-brand-600 hover:underline">Clear</Link>
      </form>
      <InboxTable initial={items} query={query} />
    </section>
  );
}
