'use client';
import { useCallback, useEffect, useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query/keys';
import type { InboxItem } from '@/lib/inbox/types';
import { decideReviewTasks } from '@/lib/actions/inbox';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import { cx } from '@/components/ui/cx';
import { kindView } from '@/lib/inbox/kinds';
import { RejectDialog } from './reject-dialog';
import { TaskStateBadge, deadlineText } from './task-bits';

/**
 * The queue, kept live by polling the same filters, with keyboard triage as support queues have
 * it (j/k move, Enter opens, x selects, a approves, r rejects with a reason) and bulk decisions.
 */
export function InboxTable({ initial, query }: { initial: InboxItem[]; query: string }) {
  const { data: items = initial } = useQuery({
    queryKey: queryKeys.inbox.list(query),
    queryFn: async () => {
      const res = await fetch(`/api/inbox?${query}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`inbox: ${res.status}`);
      return ((await res.json()) as { items: InboxItem[] }).items;
    },
    initialData: initial,
    staleTime: 0,
    refetchInterval: 3_000,
  });
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const qc = useQueryClient();
  const at = Math.min(cursor, Math.max(items.length - 1, 0));

  /** The tasks an action applies to: the selection, else the focused row. */
  const targets = useCallback(() => (selected.size ? [...selected] : items[at] ? [items[at]!.id] : []), [selected, items, at]);

  const decide = useCallback(
    (ids: string[], decision: { action: 'approve' } | { action: 'reject'; comment?: string }) =>
      start(async () => {
        const r = await decideReviewTasks({ taskIds: ids, decision });
        if (!r.ok) return toast(r.error, 'error');
        const failed = r.data.filter((x) => !x.ok);
        const done = r.data.length - failed.length;
        if (done) toast(`${decision.action === 'approve' ? 'Approved' : 'Rejected'} ${done} task${done === 1 ? '' : 's'}`);
        for (const f of failed) toast(f.error ?? 'Not decided', 'error');
        setSelected(new Set());
        await qc.invalidateQueries({ queryKey: queryKeys.inbox.all });
      }),
    [qc, toast],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (rejecting || e.metaKey || e.ctrlKey || e.altKey || (el && (el.closest('input, textarea, select, dialog') || el.isContentEditable))) return;
      const item = items[at];
      if (e.key === 'j') setCursor(Math.min(at + 1, items.length - 1));
      else if (e.key === 'k') setCursor(Math.max(at - 1, 0));
      else if (e.key === 'Enter' && item) router.push(`/inbox/${item.id}`);
      else if (e.key === 'x' && item) toggle(item.id);
      else if (e.key === 'a' && targets().length) decide(targets(), { action: 'approve' });
      else if (e.key === 'r' && targets().length) setRejecting(targets());
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  if (!items.length) return <EmptyState title="Nothing to decide">Tasks arrive here when a run needs a person: a review step, an escalation or a tool call to approve.</EmptyState>;
  return (
    <div className="flex flex-col gap-3">
      <div role="toolbar" aria-label="Bulk decisions" className="flex items-center gap-2 text-sm">
        <span className="text-slate-600">{selected.size ? `${selected.size} selected` : `${items.length} task${items.length === 1 ? '' : 's'}`}</span>
        <Button variant="secondary" disabled={!selected.size || pending} onClick={() => decide([...selected], { action: 'approve' })}>Approve selected</Button>
        <Button variant="secondary" disabled={!selected.size || pending} onClick={() => setRejecting([...selected])}>Reject selected</Button>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label="Review tasks" className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="w-8 px-3 py-2"><span className="sr-only">Select</span></th>
              {['Task', 'Flow', 'Kind', 'Priority', 'Deadline', 'Assigned', 'State'].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((t, i) => (
              <tr key={t.id} data-testid={`inbox.row.${t.id}`} aria-selected={i === at} onClick={() => setCursor(i)} className={cx(i === at && 'bg-brand-50 outline outline-2 -outline-offset-2 outline-brand-300')}>
                <td className="px-3 py-2"><input type="checkbox" aria-label={`Select ${t.stepId} of ${t.flow.name}`} checked={selected.has(t.id)} onChange={() => toggle(t.id)} /></td>
                <td className="px-3 py-2">
                  <Link href={`/inbox/${t.id}`} className="font-medium text-brand-700 hover:underline">{t.stepId}</Link>
                  <p className="max-w-md truncate text-xs text-slate-500" title={t.reason}>{t.reason}</p>
                </td>
                <td className="px-3 py-2">{t.flow.name}</td>
                <td className="px-3 py-2">{kindView(t.kind).label}</td>
                <td className="px-3 py-2"><span className={cx(t.priority === 'urgent' && 'font-semibold text-red-700', t.priority === 'high' && 'text-amber-700')}>{t.priority}</span></td>
                <td className="px-3 py-2 whitespace-nowrap">{deadlineText(t.deadline)}</td>
                <td className="px-3 py-2">{t.assignee.name ?? t.assignee.role ?? 'anyone'}{t.tier > 1 ? ' (tier 2)' : ''}</td>
                <td className="px-3 py-2"><TaskStateBadge item={t} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RejectDialog open={!!rejecting} count={rejecting?.length ?? 0} onCancel={() => setRejecting(null)} onReject={(reason) => { decide(rejecting ?? [], { action: 'reject', comment: reason }); setRejecting(null); }} />
    </div>
  );
}
