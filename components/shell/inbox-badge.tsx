'use client';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query/keys';

/** How often the badge asks: a task that arrives or is taken shows within this, without a reload. */
const POLL_MS = 2_000;

/** The open-task count beside "Inbox" in the navigation. */
export function InboxBadge() {
  const { data } = useQuery({
    queryKey: queryKeys.inbox.count,
    queryFn: async () => {
      const res = await fetch('/api/inbox/count', { cache: 'no-store' });
      if (!res.ok) throw new Error(`inbox count: ${res.status}`);
      return ((await res.json()) as { open: number }).open;
    },
    staleTime: 0,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
  if (data === undefined) return null;
  return (
    <span data-testid="nav.inbox-count" aria-label={`${data} open review tasks`} className={data ? 'ml-auto rounded-full bg-amber-500 px-2 text-xs font-semibold text-white' : 'ml-auto rounded-full bg-slate-200 px-2 text-xs text-slate-600'}>
      {data}
    </span>
  );
}
