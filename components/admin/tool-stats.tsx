'use client';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query/keys';
import { Table, Td } from '@/components/ui/table';

/** The JSON /api/admin/tools/stats answers with (db/queries/tool-stats.ts ToolStats). */
type ToolStats = { toolId: string; version: number | null; calls: number; successRate: number; p50Ms: number; p95Ms: number; costUsd: number; lastError: string | null };

/** How often the figures are asked for again: a call that finishes shows within this, without a reload. */
const POLL_MS = 3_000;

function useToolStats(toolId: string | null) {
  return useQuery({
    queryKey: queryKeys.toolStats.of(toolId),
    queryFn: async () => {
      const res = await fetch(`/api/admin/tools/stats${toolId ? `?toolId=${toolId}` : ''}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`tool stats: ${res.status}`);
      return ((await res.json()) as { stats: ToolStats[] }).stats;
    },
    staleTime: 0,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}

const pct = (r: number) => `${(r * 100).toFixed(r === 1 || r === 0 ? 0 : 1)}%`;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const usd = (n: number) => `$${n.toFixed(n && n < 0.01 ? 4 : 2)}`;

/** One line for the tools list (every row shares one polled request: same query key). */
export function ToolStatsSummary({ toolId }: { toolId: string }) {
  const { data } = useToolStats(null);
  if (!data) return <span className="text-slate-400">…</span>;
  const s = data.find((x) => x.toolId === toolId && x.version === null);
  if (!s) return <span data-testid={`tool-stats.${toolId}`} className="text-slate-500">no calls in 7 days</span>;
  return (
    <span data-testid={`tool-stats.${toolId}`} title={s.lastError ? `Last error: ${s.lastError}` : undefined}>
      {s.calls} calls · {pct(s.successRate)} ok · p50 {ms(s.p50Ms)}
    </span>
  );
}

/** The tool page's reliability: all versions, then each version, over the last 7 days (latest 1000 calls). */
export function ToolStatsPanel({ toolId }: { toolId: string }) {
  const { data, error } = useToolStats(toolId);
  return (
    <div data-testid="tool-stats.panel" className="flex flex-col gap-2">
      <h2 className="text-lg font-semibold">Reliability <span className="text-sm font-normal text-slate-500">last 7 days, latest 1000 calls, live</span></h2>
      {error ? <p role="alert" className="text-sm text-red-700">Could not load the figures: {error.message}</p> : null}
      {data && !data.length ? <p className="text-sm text-slate-600">No calls in the window yet.</p> : null}
      {data?.length ? (
        <Table label="Tool reliability" head={['Version', 'Calls', 'Success', 'p50', 'p95', 'Cost', 'Last error']}>
          {data.map((s) => (
            <tr key={s.version ?? 'all'} data-testid={`tool-stats.v${s.version ?? 'all'}`}>
              <Td>{s.version === null ? 'all versions' : `v${s.version}`}</Td>
              <Td>{s.calls}</Td>
              <Td>{pct(s.successRate)}</Td>
              <Td>{ms(s.p50Ms)}</Td>
              <Td>{ms(s.p95Ms)}</Td>
              <Td>{usd(s.costUsd)}</Td>
              <Td>{s.lastError ? <span className="text-red-700">{s.lastError}</span> : '—'}</Td>
            </tr>
          ))}
        </Table>
      ) : null}
    </div>
  );
}
