import type { InboxItem } from '@/lib/inbox/types';
import { cx } from '@/components/ui/cx';

/** "in 3 h", "2 min ago", or "no deadline": relative, since a reviewer triages by it. */
export function deadlineText(deadline: string | null, now = Date.now()): string {
  if (!deadline) return 'no deadline';
  const ms = Date.parse(deadline) - now;
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The task's state, with who holds it when claimed. */
export function TaskStateBadge({ item }: { item: Pick<InboxItem, 'state' | 'claimedBy' | 'approvals'> }) {
  const label = item.state === 'claimed' ? `claimed by ${item.claimedBy?.name ?? 'someone'}` : item.state;
  return (
    <span data-testid="task.state" className={cx('rounded px-1.5 py-0.5 text-xs', item.state === 'open' && 'bg-amber-100 text-amber-800', item.state === 'claimed' && 'bg-sky-100 text-sky-800', item.state === 'decided' && 'bg-emerald-100 text-emerald-800', (item.state === 'expired' || item.state === 'cancelled') && 'bg-slate-200 text-slate-700')}>
      {label}
      {item.approvals.need > 1 ? ` · ${item.approvals.have}/${item.approvals.need} approvals` : ''}
    </span>
  );
}
